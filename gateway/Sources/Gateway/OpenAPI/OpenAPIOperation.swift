import ProtoJSON
import RPCCore

/// One route as an OpenAPI operation, bound the way RequestBinding binds it: path parameters,
/// typed query parameters or a JSON/multipart body, the success envelope and the failures.
enum OpenAPIOperation {
    static func make(_ route: Route, operationId: String, schemas: inout OpenAPISchemas) -> JSONValue {
        let request = schemas.registry.messages[route.requestType] ?? MessageSchema(name: route.requestType, fields: [])
        let permissions = route.authentication == .none ? "no token (public)"
            : route.scopes.isEmpty ? "any authenticated caller" : "permissions \(route.scopes.joined(separator: ", "))"
        var description = "Calls \(route.rpc.path). Requires \(permissions). Rate-limit category: \(route.rateCategory.rawValue)."
        if let limit = route.clientLimit {
            description += " At most \(limit.requests) requests per \(ClientLimits.spell(limit.window.components.seconds)) per client address, in fixed windows."
        }
        if !route.serverFields.isEmpty {
            description += " The gateway sets \(route.serverFields.keys.sorted().joined(separator: ", ")) from the connection; the body may not."
        }
        var members: [JSONValue.Member] = [
            .init("operationId", .string(operationId)),
            .init("summary", .string(route.summary)),
            .init("description", .string(description)),
            .init("tags", .strings([route.tag])),
            .init("x-required-permissions", .strings(route.scopes)),
            .init("x-rate-limit-category", .string(route.rateCategory.rawValue)),
        ]
        let parameters = pathParameters(route) + queryParameters(route, request: request, schemas: &schemas) + Idempotency.openAPIParameters(route)
        if !parameters.isEmpty { members.append(.init("parameters", .array(parameters))) }
        if let body = requestBody(route, request: request, schemas: &schemas) { members.append(.init("requestBody", body)) }
        var responses = success(route, schemas: &schemas) + OpenAPIEnvelope.errorReferences(readsBody: route.body != .none)
        if route.clientLimit != nil || (route.authentication == .token && route.rateCategory.hasTenantLimits) {
            // Every answer carries the §16.1 headers; the 429 is §16.3's RATE_LIMIT_EXCEEDED.
            responses = responses.map { member in
                if member.key == "429" { return .init("429", .componentRef("responses", OpenAPIEnvelope.rateLimited)) }
                guard member.value["headers"] != nil else { return member }
                return .init(member.key, member.value.setting("headers", OpenAPIEnvelope.rateLimitHeaders(member.value["headers"], retryAfter: false)))
            }
        }
        members.append(.init("responses", .object(responses)))
        // Public routes override the document's bearer requirement.
        if route.authentication == .none { members.append(.init("security", .array([]))) }
        return .object(members)
    }

    /// `/api/v1/products/:id` → `/api/v1/products/{id}`.
    static func template(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// Fields the body must not carry: those the path binds, the server-set ones, and
    /// `updateMask`, which the gateway sets for PATCH from the members the body names.
    static func omitted(_ route: Route, request: MessageSchema) -> Set<String> {
        var names = Set(route.pathParameters).union(route.serverFields.keys)
        if let mask = request.fields.first(where: { $0.name == "update_mask" && $0.repeated }) { names.insert(mask.jsonName) }
        return names
    }

    // MARK: Parameters

    static func pathParameters(_ route: Route) -> [JSONValue] {
        route.pathParameters.map { name in
            .object([
                "name": .string(name), "in": .string("path"), "required": .bool(true),
                "schema": .object(["type": .string("string"), "minLength": .integer(1)]),
            ])
        }
    }

    /// GET/DELETE routes (no body, not a download) take every top-level scalar, enum, decimal
    /// or timestamp field the path does not bind (RequestBinding.bindQuery).
    static func queryParameters(_ route: Route, request: MessageSchema, schemas: inout OpenAPISchemas) -> [JSONValue] {
        guard route.body == .none, route.shape != .download else { return [] }
        let pathBound = Set(route.pathParameters)
        var parameters: [JSONValue] = []
        for field in request.fields where !pathBound.contains(field.jsonName) && RequestBinding.isQueryField(field) {
            var schema = schemas.field(field, .request)
            if !field.repeated && OpenAPIScalars.isInteger(field.kind) {
                // The gateway answers VAL_OUT_OF_RANGE below 1 for bounded or defaulted parameters (page, limit).
                if let maximum = route.queryMaximums[field.jsonName] { schema = schema.setting("maximum", .integer(maximum)).setting("minimum", .integer(1)) }
                if route.queryDefaults[field.jsonName] != nil { schema = schema.setting("minimum", .integer(1)) }
            }
            if let text = route.queryDefaults[field.jsonName] { schema = schema.setting("default", typedDefault(text, field: field)) }
            var members: [JSONValue.Member] = [
                .init("name", .string(field.jsonName)), .init("in", .string("query")), .init("required", .bool(field.required)), .init("schema", schema),
            ]
            if field.repeated { members += [.init("style", .string("form")), .init("explode", .bool(true))] }
            parameters.append(.object(members))
        }
        return parameters
    }

    static func typedDefault(_ text: String, field: FieldSchema) -> JSONValue {
        if OpenAPIScalars.isInteger(field.kind), let number = Int64(text) { return .integer(number) }
        if field.kind == .bool { return .bool(text == "true" || text == "1") }
        return .string(text)
    }

    // MARK: Body

    static func requestBody(_ route: Route, request: MessageSchema, schemas: inout OpenAPISchemas) -> JSONValue? {
        guard route.body != .none else { return nil }
        let omitted = omitted(route, request: request)
        let required = request.fields.contains { $0.required && !omitted.contains($0.jsonName) }
        var content: [JSONValue.Member] = []
        if route.body == .multipart { content.append(.init("multipart/form-data", multipart(request, omitting: omitted, schemas: &schemas))) }
        // Multipart routes read application/json too, with the file as base64.
        content.append(.init("application/json", .object(["schema": schemas.message(route.requestType, .request, omitting: omitted)])))
        return .object(["required": .bool(required), "content": .object(content)])
    }

    /// A file part for each bytes field (its filename fills `fileName`); parts for messages,
    /// lists, maps and non-text scalars hold JSON, text parts hold the string itself (MultipartForm).
    static func multipart(_ request: MessageSchema, omitting omitted: Set<String>, schemas: inout OpenAPISchemas) -> JSONValue {
        var properties: [JSONValue.Member] = []
        var encoding: [JSONValue.Member] = []
        var required: [String] = []
        for field in request.fields where !omitted.contains(field.jsonName) {
            if field.kind == .bytes && !field.repeated {
                properties.append(.init(field.jsonName, .object([
                    "type": .string("string"), "format": .string("binary"), "contentMediaType": .string("application/octet-stream"),
                ])))
                encoding.append(.init(field.jsonName, .object(["contentType": .string("application/octet-stream")])))
            } else {
                properties.append(.init(field.jsonName, schemas.field(field, .request)))
                if field.repeated || field.kind != .string {
                    encoding.append(.init(field.jsonName, .object(["contentType": .string("application/json")])))
                }
            }
            if field.required { required.append(field.jsonName) }
        }
        var schema: [JSONValue.Member] = [.init("type", .string("object")), .init("properties", .object(properties))]
        if !required.isEmpty { schema.append(.init("required", .strings(required))) }
        return .object(["schema": .object(schema), "encoding": .object(encoding)])
    }

    // MARK: Responses

    static func success(_ route: Route, schemas: inout OpenAPISchemas) -> [JSONValue.Member] {
        let status = String(route.successStatus)
        let description = switch route.successStatus {
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No content"
        default: "OK"
        }
        switch route.shape {
        case .empty:
            return [.init(status, .object(["description": .string(description), "headers": .object(["X-Request-Id": .componentRef("headers", "RequestId")])]))]
        case .download:
            return [.init(status, download(description))]
        case .bare:
            return [.init(status, OpenAPIEnvelope.jsonResponse(description, schema: schemas.message(route.responseType, .response)))]
        case .object:
            let data = schemas.message(route.responseType, .response)
            return [.init(status, OpenAPIEnvelope.jsonResponse(description, schema: OpenAPIEnvelope.success(data: data)))]
        case .page:
            let response = schemas.registry.messages[route.responseType]
            let data = response?.fields.first { $0.jsonName == "data" }.map { schemas.field($0, .response) } ?? .object(["type": .string("array")])
            // The gateway writes `pagination`, else `cursorPagination` with an empty cursor as null.
            var kinds: [JSONValue] = []
            if let type = response?.fields.first(where: { $0.jsonName == "pagination" && $0.kind == .message })?.typeName {
                kinds.append(schemas.message(type, .response))
            }
            if let type = response?.fields.first(where: { $0.jsonName == "cursorPagination" && $0.kind == .message })?.typeName {
                kinds.append(schemas.message(type, .pageCursor))
            }
            let pagination: JSONValue? = kinds.count > 1 ? .object(["oneOf": .array(kinds)]) : kinds.first
            return [.init(status, OpenAPIEnvelope.jsonResponse(description, schema: OpenAPIEnvelope.success(data: data, pagination: pagination)))]
        }
    }

    /// The file itself, in the type the service names (003 §3.8 formats), not the envelope.
    static func download(_ description: String) -> JSONValue {
        let binary: (String) -> JSONValue = { type in .object(["schema": .object(["type": .string("string"), "contentMediaType": .string(type)])]) }
        return .object([
            "description": .string("\(description): the file's bytes."),
            "headers": .object([
                "X-Request-Id": .componentRef("headers", "RequestId"),
                "Content-Disposition": .object(["description": .string("attachment; filename=\"…\" when the file has a name."),
                                                "schema": .object(["type": .string("string")])]),
            ]),
            "content": .object([
                "text/csv": binary("text/csv"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "application/json": .object(["schema": .object(["description": .string("The exported products as JSON.")])]),
                "application/octet-stream": binary("application/octet-stream"),
            ]),
        ])
    }
}
