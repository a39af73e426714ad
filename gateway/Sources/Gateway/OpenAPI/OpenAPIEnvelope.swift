import ProtoJSON

/// The document's view of the one envelope (Envelope.swift, 003 §1.5, §15.1): the success
/// wrapper around each route's data, the shared error body, and the error responses every
/// route may answer.
enum OpenAPIEnvelope {
    /// Components the envelope owns; no message may take these names.
    static let componentNames = ["ResponseMeta", "ValidationError", "ErrorBody", "ErrorResponse"]

    static let schemas: [String: JSONValue] = [
        "ResponseMeta": .object([
            "type": .string("object"),
            "properties": .object([
                "requestId": .object(["type": .string("string"), "description": .string("Also the X-Request-Id header.")]),
                "timestamp": OpenAPIScalars.timestampSchema,
                "duration": .object(["type": .string("number"), "minimum": .integer(0), "description": .string("Milliseconds the gateway spent.")]),
            ]),
            "required": .strings(["requestId", "timestamp", "duration"]),
        ]),
        "ValidationError": .object([
            "type": .string("object"),
            "properties": .object(["field": .object(["type": .string("string")]), "code": .object(["type": .string("string")]),
                                   "message": .object(["type": .string("string")])]),
            "required": .strings(["field", "code", "message"]),
        ]),
        "ErrorBody": .object([
            "type": .string("object"),
            "properties": .object([
                "code": .object(["type": .string("string"), "description": .string("The seed's error code (003 §15.3), e.g. VAL_INVALID_FORMAT.")]),
                "message": .object(["type": .string("string")]),
                "details": .object(["type": .string("object"), "description": .string("Code-specific facts; several validation errors also appear under details.errors.")]),
                "field": .object(["type": .string("string"), "description": .string("The one invalid field, when there is exactly one.")]),
                "validationErrors": .object(["type": .string("array"), "items": .schemaRef("ValidationError")]),
                "requestId": .object(["type": .string("string")]),
            ]),
            "required": .strings(["code", "message", "requestId"]),
        ]),
        "ErrorResponse": .object([
            "type": .string("object"),
            "properties": .object(["success": .object(["const": .bool(false)]), "error": .schemaRef("ErrorBody"), "meta": .schemaRef("ResponseMeta")]),
            "required": .strings(["success", "error", "meta"]),
        ]),
    ]

    /// The success envelope around `data`, with `pagination` for page routes.
    static func success(data: JSONValue, pagination: JSONValue? = nil) -> JSONValue {
        var properties: [JSONValue.Member] = [.init("success", .object(["const": .bool(true)])), .init("data", data)]
        if let pagination { properties.append(.init("pagination", pagination)) }
        properties.append(.init("meta", .schemaRef("ResponseMeta")))
        return .object(["type": .string("object"), "properties": .object(properties), "required": .strings(["success", "data", "meta"])])
    }

    /// A JSON response whose body has `schema`, with the request id header.
    static func jsonResponse(_ description: String, schema: JSONValue) -> JSONValue {
        .object([
            "description": .string(description),
            "headers": .object(["X-Request-Id": .componentRef("headers", "RequestId")]),
            "content": .object(["application/json": .object(["schema": schema])]),
        ])
    }

    /// The failures, by status: name in components.responses and when the gateway answers it.
    static let errors: [(status: Int, name: String, description: String)] = [
        (400, "BadRequest", "The request could not be read: malformed JSON, a wrong type, an unknown or repeated member or parameter (VAL_MALFORMED_JSON, VAL_INVALID_TYPE, VAL_UNKNOWN_FIELD, VAL_DUPLICATE_FIELD), a malformed Idempotency-Key (VAL_INVALID_FORMAT)."),
        (401, "Unauthorized", "No bearer token, or an invalid or expired one (AUTH_*)."),
        (403, "Forbidden", "The token lacks a required permission, or X-Tenant-ID names another tenant (AUTHZ_*)."),
        (404, "NotFound", "No such route or resource (RES_NOT_FOUND, RES_DELETED)."),
        (409, "Conflict", "A duplicate, or the resource's state does not allow this now (VAL_DUPLICATE, RES_ALREADY_EXISTS, RES_LOCKED)."),
        (415, "UnsupportedMediaType", "The body's Content-Type is not one the route reads."),
        (422, "UnprocessableEntity", "A well-formed request that fails validation or a business rule (VAL_*, BIZ_*)."),
        (429, "TooManyRequests", "A rate limit or quota is exhausted; see Retry-After."),
        (500, "InternalError", "An unexpected failure in the gateway."),
        (502, "BadGateway", "A service failed or answered something unreadable."),
        (503, "ServiceUnavailable", "A service is unavailable or overloaded; see Retry-After."),
        (504, "GatewayTimeout", "A service did not answer within the route's deadline."),
    ]

    /// components.responses: one per failure status, all the error envelope.
    static var responses: JSONValue {
        .object(errors.map { error in
            var response = jsonResponse(error.description, schema: .schemaRef("ErrorResponse"))
            if error.status == 429 || error.status == 503 {
                response = response.setting("headers", .object([
                    "X-Request-Id": .componentRef("headers", "RequestId"),
                    "Retry-After": .object(["description": .string("Seconds to wait."), "schema": .object(["type": .string("integer")])]),
                ]))
            }
            return .init(error.name, response)
        } + [.init(rateLimited, rateLimitedResponse)])
    }

    static let headers: JSONValue = .object([
        "RequestId": .object([
            "description": .string("The request id: the client's X-Request-Id or X-Correlation-ID when sane, else a new one."),
            "schema": .object(["type": .string("string")]),
        ]),
        "RateLimitLimit": integerHeader("Requests allowed per window (003 §16.1)."),
        "RateLimitRemaining": integerHeader("Requests left in the current window."),
        "RateLimitReset": integerHeader("Unix seconds when the current window ends."),
        "RateLimitWindow": integerHeader("The window's length in seconds."),
        "RetryAfter": integerHeader("Seconds to wait."),
        "RateLimitPolicyField": .object([
            "description": .string("Every limit the request counts against (draft-ietf-httpapi-ratelimit-headers), e.g. \"read\";q=100;w=60."),
            "schema": .object(["type": .string("string")]),
        ]),
        "RateLimitField": .object([
            "description": .string("The most restrictive limit's remaining requests and seconds to reset, e.g. \"read\";r=99;t=50."),
            "schema": .object(["type": .string("string")]),
        ]),
    ])

    static func integerHeader(_ description: String) -> JSONValue {
        .object(["description": .string(description), "schema": .object(["type": .string("integer")])])
    }

    /// components.responses name of a limited route's 429 (003 §16.3).
    static let rateLimited = "RateLimited"

    /// `headers` plus the §16.1 rate-limit headers (and Retry-After for the 429).
    static func rateLimitHeaders(_ headers: JSONValue?, retryAfter: Bool) -> JSONValue {
        var members: [JSONValue.Member] = []
        if case .object(let existing)? = headers { members = existing.filter { $0.key != "Retry-After" } }
        members += [
            .init("X-RateLimit-Limit", .componentRef("headers", "RateLimitLimit")),
            .init("X-RateLimit-Remaining", .componentRef("headers", "RateLimitRemaining")),
            .init("X-RateLimit-Reset", .componentRef("headers", "RateLimitReset")),
            .init("X-RateLimit-Window", .componentRef("headers", "RateLimitWindow")),
            .init("RateLimit-Policy", .componentRef("headers", "RateLimitPolicyField")),
            .init("RateLimit", .componentRef("headers", "RateLimitField")),
        ]
        if retryAfter { members.append(.init("Retry-After", .componentRef("headers", "RetryAfter"))) }
        return .object(members)
    }

    /// The 429 of a limited route: RATE_LIMIT_EXCEEDED with details {limit, window, retryAfter}.
    static var rateLimitedResponse: JSONValue {
        let details: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "limit": .object(["type": .string("integer")]),
                "window": .object(["type": .string("string"), "examples": .strings(["1 minute"])]),
                "retryAfter": .object(["type": .string("integer"), "minimum": .integer(1)]),
            ]),
            "required": .strings(["limit", "window", "retryAfter"]),
        ])
        let schema: JSONValue = .object(["allOf": .array([
            .schemaRef("ErrorResponse"),
            .object(["properties": .object(["error": .object([
                "properties": .object(["code": .object(["const": .string("RATE_LIMIT_EXCEEDED")]), "details": details]),
                "required": .strings(["details"]),
            ])])]),
        ])])
        return jsonResponse("A per-address limit is exhausted (003 §16.3); see Retry-After and X-RateLimit-Reset.", schema: schema)
            .setting("headers", rateLimitHeaders(.object(["X-Request-Id": .componentRef("headers", "RequestId")]), retryAfter: true))
    }

    /// The `responses` members for a route's failures; 415 only where a body is read.
    static func errorReferences(readsBody: Bool) -> [JSONValue.Member] {
        errors.filter { readsBody || $0.status != 415 }.map { .init(String($0.status), .componentRef("responses", $0.name)) }
    }
}
