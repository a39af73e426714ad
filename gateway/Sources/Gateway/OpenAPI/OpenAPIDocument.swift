import ProtoJSON
import RPCCore

/// The OpenAPI 3.1 document generated from the route table and the metadata.
enum OpenAPIDocument {
    static func make(routes: [Route], registry: SchemaRegistry, version: String) -> JSONValue {
        .object([.init("openapi", .string("3.1.0")), .init("info", .object([.init("title", .string("Cerniq API")), .init("version", .string(version))])),
                 .init("paths", .object([]))])
    }
}
