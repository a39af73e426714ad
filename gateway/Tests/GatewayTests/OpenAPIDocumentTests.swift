import CatalogAPI
import CommonAPI
import Foundation
import ProtoJSON
import RPCCore
import Testing
@testable import Gateway

/// The generated OpenAPI document: valid JSON, every route and schema in it, every `$ref`
/// resolvable, and response schemas that require exactly what the gateway writes.
/// `OPENAPI_DUMP=/tmp/openapi.json swift test --filter OpenAPIDocumentTests` writes it out
/// for openapi-spec-validator and Schemathesis.
@Suite struct OpenAPIDocumentTests {
    static let registry = RESTSurface.registry
    static let routes = RESTSurface.routes
    static let document: JSONValue = {
        let made = OpenAPIDocument.make(routes: routes, registry: registry, version: "test")
        if let path = ProcessInfo.processInfo.environment["OPENAPI_DUMP"], !path.isEmpty {
            _ = FileManager.default.createFile(atPath: path, contents: Data(JSONWriter(pretty: true).write(made)))
        }
        return made
    }()

    var document: JSONValue { Self.document }
    func schema(_ name: String) -> JSONValue? { document["components"]?["schemas"]?[name] }
    func operation(_ method: String, _ path: String) -> JSONValue? { document["paths"]?[path]?[method] }

    @Test func writesJSONThatParsesBack() throws {
        let parsed = try JSONParser.parse(JSONWriter().write(document))
        #expect(parsed == document)
        #expect(parsed["openapi"] == .string("3.1.0"))
        #expect(parsed["info"]?["version"] == .string("test"))
    }

    @Test func everyRouteIsAnOperation() {
        for route in Self.routes {
            let found = operation(route.method.lowercased(), OpenAPIOperation.template(route.path))
            #expect(found != nil, "\(route.method) \(route.path)")
            // A second route on one RPC (001's login path) is `login2`.
            #expect(found?["operationId"]?.stringValue?.hasPrefix(OpenAPIDocument.lowerCamel(route.rpc.method)) == true)
            #expect(found?["tags"] == .strings([route.tag]))
            #expect(found?["x-required-permissions"] == .strings(route.scopes))
        }
        for path in ["/health/ping", "/health/live", "/health/ready", "/health", "/api/v1/openapi.json", "/api/docs-json"] {
            #expect(operation("get", path) != nil, "\(path)")
        }
    }

    @Test func everyReferenceResolves() {
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for member in members {
                    if member.key == "$ref", case .string(let target) = member.value { references.append(target) } else { collect(member.value) }
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(references.count > 50)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var target: JSONValue? = document
            for token in reference.dropFirst(2).split(separator: "/") {
                target = target?[token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
            }
            #expect(target != nil && target != .null, "\(reference) does not resolve")
        }
    }

    /// Messages a route's body or success data reaches, with the direction they are used in.
    func reachable() -> (requests: Set<String>, responses: Set<String>, enums: Set<String>) {
        var requests = Set<String>(), responses = Set<String>(), enums = Set<String>()
        func walk(_ type: String, into set: inout Set<String>) {
            guard let message = Self.registry.messages[type], set.insert(type).inserted else { return }
            for field in message.fields {
                if field.kind == .message, let nested = field.typeName { walk(nested, into: &set) }
                if field.kind == .enumeration, let name = field.typeName { enums.insert(name) }
            }
        }
        for route in Self.routes {
            if route.body != .none { walk(route.requestType, into: &requests) }
            if route.body == .none, route.shape != .download {
                for field in Self.registry.messages[route.requestType]?.fields ?? [] where field.kind == .enumeration { enums.insert(field.typeName ?? "") }
            }
            for root in OpenAPIDocument.responseRoots(route, registry: Self.registry) { walk(root, into: &responses) }
        }
        let inline: Set<String> = [OpenAPIScalars.decimal, OpenAPIScalars.timestamp]
        func components(_ set: Set<String>) -> Set<String> {
            set.filter { !inline.contains($0) && Self.registry.messages[$0]?.isMapEntry != true }
        }
        return (components(requests), components(responses), enums)
    }

    @Test func everyReachableMessageAndEnumIsAComponent() {
        let (requests, responses, enums) = reachable()
        #expect(responses.contains("cerniq.catalog.v1.ProductDetail"))
        for type in responses {
            #expect(schema(OpenAPISchemas.shortName(type)) != nil, "response \(type)")
        }
        for type in requests {
            let name = OpenAPISchemas.shortName(type)
            #expect(schema(responses.contains(type) ? name + "Input" : name) != nil, "request \(type)")
        }
        for type in enums {
            #expect(schema(OpenAPISchemas.shortName(type))?["enum"] != nil, "enum \(type)")
        }
    }

    @Test func enumsLeaveOutTheirZeroValue() {
        #expect(schema("ProductStatus") == .object(["type": .string("string"), "enum": .strings(["active", "inactive", "discontinued"])]))
        guard case .object(let components)? = document["components"]?["schemas"] else { Issue.record("no schemas"); return }
        for component in components {
            guard case .array(let values)? = component.value["enum"] else { continue }
            #expect(!values.contains(.string("unspecified")), "\(component.key)")
        }
        // A response shows an unset enum as the zero's spelling, so its fields admit it.
        let status = schema("ProductListItem")?["properties"]?["status"]
        #expect(status?["anyOf"] == .array([.schemaRef("ProductStatus"), .object(["const": .string("unspecified"), "description": .string("Not set (PRODUCT_STATUS_UNSPECIFIED).")])]))
    }

    @Test func valueTypesFollowTheJSONMapping() {
        let item = schema("ProductListItem")?["properties"]
        #expect(item?["price"]?["type"] == .string("number"))
        #expect(item?["createdAt"]?["type"] == .string("string"))
        #expect(item?["createdAt"]?["format"] == .string("date-time"))
        #expect(item?["stock"]?["type"] == .string("integer"))
        #expect(item?["stock"]?["format"] == .string("int64"))
        let create = schema("CreateProductRequest")?["properties"]
        #expect(create?["price"]?["type"] == .strings(["number", "string"]))
        #expect(create?["specifications"]?["type"] == .string("object"))
        #expect(create?["specifications"]?["additionalProperties"] == .schemaRef("SpecificationValueInput"))
        #expect(schema("SpecificationValueInput")?["type"] == .strings(["string", "number"]))
        #expect(schema("SpecificationValue")?["type"] == .strings(["string", "number", "null"]))
        #expect(schema("DownloadProductExportResponse") == nil) // a download answers the file, not the message
    }

    @Test func requestSchemasRequireTheRequiredFieldsOnly() {
        let create = schema("CreateProductRequest")
        #expect(create?["required"] == .strings(["sku", "name", "category", "price", "vatRate", "unit"]))
        #expect(create?["additionalProperties"] == .bool(false))
        // PATCH: the path binds id and the gateway sets updateMask.
        let update = schema("UpdateProductRequest")?["properties"]
        #expect(update?["id"] == nil)
        #expect(update?["updateMask"] == nil)
        #expect(update?["name"] != nil)
        #expect(schema("ProductDetail")?["required"]?.arrayContains("price") == false)
    }

    /// Each response component requires exactly the members the gateway's transcoder writes
    /// for an empty message with includeDefaultValues.
    @Test func responseSchemasRequireWhatTheGatewayWrites() throws {
        let output = JSONTranscoder(registry: Self.registry, options: .init(includeDefaultValues: true))
        for type in reachable().responses where Self.registry.messages[type]?.isJSONValue == false {
            let written = try output.decodeValue([], messageType: type)
            guard case .object(let members) = written else { Issue.record("\(type) not an object"); continue }
            let required: [String]
            if case .array(let names)? = schema(OpenAPISchemas.shortName(type))?["required"] {
                required = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            } else {
                required = []
            }
            #expect(Set(members.map(\.key)) == Set(required), "\(type)")
        }
    }

    /// Envelopes as the gateway writes them, for the check against the document outside Swift:
    /// `OPENAPI_SAMPLES=<dir>` writes one file per route and status (`get__api_v1_products.200.json`).
    @Test func samplesOfWhatTheGatewayWrites() throws {
        let input = JSONTranscoder(registry: Self.registry)
        let output = JSONTranscoder(registry: Self.registry, options: .init(includeDefaultValues: true))
        let filled: [String: String] = [
            "cerniq.catalog.v1.ProductDetail": #"{"id":"p1","price":"12.50","createdAt":"2026-01-18T10:30:00Z","status":"active","specifications":{"color":"red","watts":"40.5"},"dimensions":{"length":1,"width":"2.5","height":3,"unit":"cm"},"images":[{"id":"i1"}],"pricingRules":[{"conditions":{"min":"3"}}]}"#,
            "cerniq.catalog.v1.ListProductsResponse": #"{"data":[{"id":"p1","price":"3","createdAt":"2026-01-18T10:30:00.123Z"}],"pagination":{"page":1,"limit":25,"total":1,"totalPages":1}}"#,
        ]
        let meta = Envelope.Meta(requestID: "req_test", startedAt: 0)
        var samples: [(String, [UInt8])] = []
        for route in Self.routes where route.shape == .object || route.shape == .page {
            let reply = try input.encode(json: filled[route.responseType] ?? "{}", messageType: route.responseType)
            let value = try output.decodeValue(reply, messageType: route.responseType)
            let response = route.shape == .page
                ? Envelope.success(status: route.successStatus, data: value["data"] ?? .array([]), pagination: value["pagination"], meta: meta)
                : Envelope.success(status: route.successStatus, data: value, meta: meta)
            let name = route.method.lowercased() + OpenAPIOperation.template(route.path).replacingOccurrences(of: "/", with: "_")
            samples.append(("\(name).\(route.successStatus).json", response.body))
            let failure = Envelope.failure(APIError.validation([.init(field: "a", code: "VAL_REQUIRED_FIELD", message: "a is required"),
                                                                .init(field: "b", code: "VAL_INVALID_TYPE", message: "b is no number")]), meta: meta)
            samples.append(("\(name).\(failure.status).json", failure.body))
        }
        #expect(samples.count == 2 * Self.routes.filter { $0.shape == .object || $0.shape == .page }.count)
        if let directory = ProcessInfo.processInfo.environment["OPENAPI_SAMPLES"], !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, body) in samples { try Data(body).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name)) }
        }
    }

    @Test func listParametersAreTypedWithDefaultsAndBounds() throws {
        let parameters = try #require(operation("get", "/api/v1/products")?["parameters"])
        guard case .array(let list) = parameters else { Issue.record("no parameter list"); return }
        func parameter(_ name: String) -> JSONValue? { list.first { $0["name"] == .string(name) } }
        let limit = parameter("limit")?["schema"]
        #expect(limit?["type"] == .string("integer"))
        #expect(limit?["maximum"] == .integer(100))
        #expect(limit?["minimum"] == .integer(1))
        #expect(limit?["default"] == .integer(25))
        #expect(parameter("page")?["schema"]?["default"] == .integer(1))
        #expect(parameter("status")?["schema"] == .schemaRef("ProductStatus"))
        #expect(parameter("minPrice")?["in"] == .string("query"))
        #expect(parameter("inStock")?["schema"]?["type"] == .string("boolean"))
        let get = operation("get", "/api/v1/products/{id}")?["parameters"]
        #expect(get == .array([.object(["name": .string("id"), "in": .string("path"), "required": .bool(true),
                                        "schema": .object(["type": .string("string"), "minLength": .integer(1)])])]))
    }

    @Test func responsesMatchTheRouteShapes() {
        let delete = operation("delete", "/api/v1/products/{id}")?["responses"]
        #expect(delete?["204"] != nil)
        #expect(delete?["204"]?["content"] == nil)
        #expect(delete?["200"] == nil)
        #expect(delete?["404"] == .componentRef("responses", "NotFound"))
        #expect(delete?["415"] == nil)
        let list = operation("get", "/api/v1/products")?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
        #expect(list?["properties"]?["data"]?["items"] == .schemaRef("ProductListItem"))
        #expect(list?["properties"]?["pagination"]?["oneOf"] == .array([.schemaRef("PageInfo"), .schemaRef("CursorInfo")]))
        #expect(schema("CursorInfo")?["properties"]?["cursor"]?["type"] == .strings(["string", "null"]))
        let created = operation("post", "/api/v1/products")?["responses"]
        #expect(created?["201"]?["content"]?["application/json"]?["schema"]?["properties"]?["data"] == .schemaRef("CreateProductResponse"))
        #expect(created?["415"] != nil)
        let download = operation("get", "/api/v1/products/export/{jobId}/download")
        #expect(download?["responses"]?["200"]?["content"]?["text/csv"] != nil)
        #expect(download?["parameters"] == .array([.object(["name": .string("jobId"), "in": .string("path"), "required": .bool(true),
                                                              "schema": .object(["type": .string("string"), "minLength": .integer(1)])])]))
        let upload = operation("post", "/api/v1/products/import")?["requestBody"]?["content"]
        #expect(upload?["multipart/form-data"]?["schema"]?["properties"]?["file"]?["format"] == .string("binary"))
        #expect(upload?["multipart/form-data"]?["encoding"]?["options"]?["contentType"] == .string("application/json"))
        #expect(upload?["application/json"] != nil)
    }

    @Test func apiRoutesNeedABearerTokenAndHealthDoesNot() {
        #expect(document["security"] == .array([.object(["bearerAuth": .array([])])]))
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == .string("bearer"))
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["bearerFormat"] == .string("JWT"))
        for route in Self.routes where route.authentication == .token {
            #expect(operation(route.method.lowercased(), OpenAPIOperation.template(route.path))?["security"] == nil, "\(route.path) overrides security")
        }
        for route in Self.routes where route.authentication == .none {
            #expect(operation(route.method.lowercased(), OpenAPIOperation.template(route.path))?["security"] == .array([]), "\(route.path) is public")
        }
        for path in ["/health/ping", "/health/live", "/health/ready", "/health", "/api/v1/openapi.json", "/api/docs-json"] {
            #expect(operation("get", path)?["security"] == .array([]), "\(path)")
        }
    }
}

extension JSONValue {
    func arrayContains(_ text: String) -> Bool {
        if case .array(let items) = self { return items.contains(.string(text)) }
        return false
    }
}
