import ProtoJSON

/// The paths the gateway answers itself, outside the route table and without a token:
/// the health routes of 002 (HealthEndpoints) and the document's two addresses.
enum OpenAPIFixedPaths {
    static let documentPaths = ["/api/v1/openapi.json", "/api/docs-json"]

    static var all: [(path: String, operation: JSONValue)] {
        var paths: [(String, JSONValue)] = [
            ("/health/ping", operation("healthPing", "Liveness without the envelope's meta, answered on the event loop",
                                       ["200": okPing])),
            ("/health/live", operation("healthLive", "The process is up", [
                "200": OpenAPIEnvelope.jsonResponse("Alive", schema: OpenAPIEnvelope.success(data: data(status: okStatus, ["uptime": uptime]))),
            ])),
            ("/health/ready", operation("healthReady", "Every upstream's Health RPC answers serving; 503 while draining or when one does not", [
                "200": OpenAPIEnvelope.jsonResponse("Ready", schema: OpenAPIEnvelope.success(data: data(status: okStatus, ["upstreams": upstreams(latency: false)]))),
                "503": unavailable,
            ])),
            ("/health", operation("health", "Readiness with the version, uptime and each upstream's latency", [
                "200": OpenAPIEnvelope.jsonResponse("Healthy", schema: OpenAPIEnvelope.success(data: data(status: okStatus, [
                    "version": .object(["type": .string("string")]), "uptime": uptime, "upstreams": upstreams(latency: true),
                ]))),
                "503": unavailable,
            ])),
        ]
        paths.append((HealthEndpoints.systemHealthPath, systemHealth))
        for (index, path) in documentPaths.enumerated() {
            let response: JSONValue = .object([
                "description": .string("This document."),
                "content": .object(["application/json": .object(["schema": .object(["type": .string("object")])])]),
            ])
            paths.append((path, operation(index == 0 ? "getOpenAPIDocument" : "getOpenAPIDocumentAlias",
                                          "The OpenAPI 3.1 document of this API", ["200": response], tag: "Documents")))
        }
        return paths
    }

    static func operation(_ id: String, _ summary: String, _ responses: KeyValuePairs<String, JSONValue>, tag: String = "Health") -> JSONValue {
        .object([
            "operationId": .string(id), "summary": .string(summary), "tags": .strings([tag]),
            // No token: balancers and tooling call these.
            "security": .array([]),
            "responses": .object(responses),
        ])
    }

    /// 003 §13.8, for administrators: an access token with admin:settings.
    static var systemHealth: JSONValue {
        let integer: JSONValue = .object(["type": .string("integer"), "minimum": .integer(0)])
        func object(_ fields: KeyValuePairs<String, JSONValue>) -> JSONValue {
            .object(["type": .string("object"), "properties": .object(fields), "required": .strings(fields.map(\.key))])
        }
        let string: JSONValue = .object(["type": .string("string")])
        let service: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "name": string, "status": .object(["type": .string("string"), "enum": .strings(["up", "down", "degraded"])]),
                "latency": .object(["type": .string("number"), "minimum": .integer(0)]), "lastCheck": .object(["type": .string("string"), "format": .string("date-time")]),
                "error": string,
            ]),
            "required": .strings(["name", "status", "latency", "lastCheck"]),
        ])
        let data = object([
            "status": .object(["type": .string("string"), "enum": .strings(["healthy", "degraded", "unhealthy"])]),
            "services": .object(["type": .string("array"), "items": service]),
            "database": object(["status": string, "connections": object(["active": integer, "idle": integer, "max": integer])]),
            "redis": object(["status": string, "memory": object(["used": integer, "peak": integer, "maxConfigured": integer])]),
            "queues": .object(["type": .string("array"), "items": object(["name": string, "waiting": integer, "active": integer,
                                                                         "completed": integer, "failed": integer, "delayed": integer])]),
            "storage": object(["used": integer, "available": integer, "percentage": integer]),
            "uptime": uptime, "version": string,
        ])
        var responses: [JSONValue.Member] = [.init("200", OpenAPIEnvelope.jsonResponse("The platform's health", schema: OpenAPIEnvelope.success(data: data)))]
        responses += OpenAPIEnvelope.errorReferences(readsBody: false)
        return .object([
            "operationId": .string("getSystemHealth"), "summary": .string("Every service's health, database connections and queues (003 §13.8)"),
            "tags": .strings(["Admin"]), "x-required-permissions": .strings(HealthEndpoints.systemHealthScopes),
            "responses": .object(responses),
        ])
    }

    static let okStatus: JSONValue = .object(["const": .string("ok")])
    static let uptime: JSONValue = .object(["type": .string("integer"), "minimum": .integer(0), "description": .string("Seconds since start.")])

    static func data(status: JSONValue, _ extra: KeyValuePairs<String, JSONValue>) -> JSONValue {
        let properties = [JSONValue.Member("status", status)] + extra.map { JSONValue.Member($0.key, $0.value) }
        return .object(["type": .string("object"), "properties": .object(properties), "required": .strings(properties.map(\.key))])
    }

    static func upstreams(latency: Bool) -> JSONValue {
        var properties: [JSONValue.Member] = [.init("status", .object(["type": .string("string"), "enum": .strings(["serving", "not_serving", "unreachable"])]))]
        if latency { properties.append(.init("latencyMs", .object(["type": .string("number"), "minimum": .integer(0)]))) }
        return .object([
            "type": .string("object"), "description": .string("By upstream name."),
            "additionalProperties": .object(["type": .string("object"), "properties": .object(properties), "required": .strings(properties.map(\.key))]),
        ])
    }

    /// `{"success":true,"data":{"status":"ok"}}`, a constant body.
    static let okPing: JSONValue = .object([
        "description": .string("Alive"),
        "content": .object(["application/json": .object(["schema": .object([
            "type": .string("object"),
            "properties": .object(["success": .object(["const": .bool(true)]), "data": data(status: okStatus, [:])]),
            "required": .strings(["success", "data"]),
        ])])]),
    ])

    /// Not ready: the error envelope, its details holding the status and each upstream's.
    static let unavailable: JSONValue = OpenAPIEnvelope.jsonResponse("Not ready (SYS_SERVICE_UNAVAILABLE); see Retry-After.", schema: .schemaRef("ErrorResponse"))
}
