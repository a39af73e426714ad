import ProtoJSON
import RPCCore

/// The OpenAPI 3.1 document generated from the route table and the metadata, so it cannot
/// drift from what the gateway binds and writes. Served at GET /api/v1/openapi.json and
/// /api/docs-json, and what deploy/schemathesis.sh tests a live gateway against.
enum OpenAPIDocument {
    static func make(routes: [Route], registry: SchemaRegistry, version: String) -> JSONValue {
        var schemas = OpenAPISchemas(registry: registry, responseRoots: routes.flatMap { responseRoots($0, registry: registry) },
                                     reserved: OpenAPIEnvelope.componentNames)
        var paths: [(path: String, operations: [JSONValue.Member])] = []
        func add(_ path: String, _ method: String, _ operation: JSONValue) {
            if let index = paths.firstIndex(where: { $0.path == path }) {
                paths[index].operations.append(.init(method, operation))
            } else {
                paths.append((path, [.init(method, operation)]))
            }
        }
        var operationIds = Set<String>()
        for route in routes {
            let operation = OpenAPIOperation.make(route, operationId: unique(lowerCamel(route.rpc.method), in: &operationIds), schemas: &schemas)
            add(OpenAPIOperation.template(route.path), route.method.lowercased(), operation)
        }
        for fixed in OpenAPIFixedPaths.all { add(fixed.path, "get", fixed.operation) }

        var tags: [String] = []
        for route in routes where !tags.contains(route.tag) { tags.append(route.tag) }
        tags += ["Health", "Documents"]

        let components = schemas.components.merging(OpenAPIEnvelope.schemas) { _, envelope in envelope }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object(["title": .string("Cerniq API"), "version": .string(version), "description": .string(description)]),
            "servers": .array([.object(["url": .string("/")])]),
            "security": .array([.object(["bearerAuth": .array([])])]),
            "tags": .array(tags.map { .object(["name": .string($0)]) }),
            "paths": .object(paths.map { .init($0.path, .object($0.operations)) }),
            "components": .object([
                "schemas": .object(components.sorted { $0.key < $1.key }.map { .init($0.key, $0.value) }),
                "responses": OpenAPIEnvelope.responses,
                "headers": OpenAPIEnvelope.headers,
                "securitySchemes": .object(["bearerAuth": .object(["type": .string("http"), "scheme": .string("bearer"), "bearerFormat": .string("JWT")])]),
            ]),
        ])
    }

    /// The messages a route's success body carries: the response, or for a page its items and page info.
    static func responseRoots(_ route: Route, registry: SchemaRegistry) -> [String] {
        switch route.shape {
        case .object, .bare: return [route.responseType]
        case .page:
            let fields = registry.messages[route.responseType]?.fields ?? []
            return fields.filter { $0.jsonName == "data" || $0.jsonName == "pagination" }.compactMap(\.typeName)
        case .empty, .download: return []
        }
    }

    /// `ListProducts` → `listProducts`.
    static func lowerCamel(_ name: String) -> String { name.prefix(1).lowercased() + name.dropFirst() }

    /// Two routes on one RPC get `name`, `name2`, ….
    static func unique(_ name: String, in used: inout Set<String>) -> String {
        var candidate = name, suffix = 2
        while !used.insert(candidate).inserted {
            candidate = name + String(suffix)
            suffix += 1
        }
        return candidate
    }

    static let description = """
        The Cerniq REST API (003). Every JSON answer is the envelope of 003 §1.5: \
        `{"success": true, "data": …, "pagination"?: …, "meta": {requestId, timestamp, duration}}` or \
        `{"success": false, "error": {code, message, details?, field?, validationErrors?, requestId}, "meta": …}`. \
        Every /api/v1 route needs `Authorization: Bearer <JWT>` with the permissions in x-required-permissions, \
        but the public ones (`security: []`: login, refresh, logout), whose credentials are in the body. \
        JSON mapping: decimals are JSON numbers with exact digits (requests may send a numeric string); \
        timestamps are RFC 3339; 64-bit integers are numbers (above 2^53 in magnitude they are written as strings, \
        and requests may send strings); bytes are base64; enums are their lowercase spellings, and a response shows \
        an unset enum as "unspecified". Responses include every field except absent messages and unset oneof members.
        """
}
