import RPC
import RuntimeAPI

/// A real server: a `Client` pool, with the runtime's generated Reflection and Health clients.
public final class RemoteServer: ServerConnection {
    let client: Client
    public var caller: any RPCCaller { client }

    /// Opens a client with `configuration` (connections are made lazily by the client).
    public init(configuration: ClientConfiguration) throws {
        client = try Client(configuration: configuration)
    }

    public func listServices(options: CallOptions) async throws -> [String] {
        try await ReflectionClient(client).listServices(ListServicesRequest(), options: options).services
    }

    public func describe(_ symbol: String, options: CallOptions) async throws -> SchemaRegistry {
        let response = try await ReflectionClient(client).describe(DescribeRequest(symbol: symbol), options: options)
        return try Self.registry(from: response)
    }

    public func checkHealth(service: String, options: CallOptions) async throws -> String {
        let response = try await HealthClient(client).check(HealthCheckRequest(service: service), options: options)
        return Self.name(of: response.status)
    }

    public func close() { client.close() }

    /// The canonical upper-case name of a serving status, as the proto spells it.
    static func name(of status: ServingStatus) -> String {
        switch status {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        case .unspecified: "UNSPECIFIED"
        }
    }

    /// Rebuilds the schema structs a `DescribeResponse` mirrors.
    static func registry(from response: DescribeResponse) throws -> SchemaRegistry {
        var messages: [MessageSchema] = []
        for message in response.messages {
            var fields: [FieldSchema] = []
            for field in message.fields {
                guard let kind = kind(field.kind) else {
                    throw CommandFailure("the server described \(message.name).\(field.name) with no field kind")
                }
                fields.append(FieldSchema(number: field.number, name: field.name, jsonName: field.jsonName, kind: kind,
                                          repeated: field.repeated, required: field.required,
                                          typeName: field.typeName.isEmpty ? nil : field.typeName,
                                          oneof: field.oneof.isEmpty ? nil : field.oneof))
            }
            messages.append(MessageSchema(name: message.name, fields: fields, isMapEntry: message.isMapEntry))
        }
        let enums = response.enums.map { info in
            EnumSchema(name: info.name, values: info.values.map { EnumSchema.Value(name: $0.name, number: $0.number, json: $0.json) })
        }
        let services = response.services.map { info in
            ServiceSchema(name: info.name, methods: info.methods.map {
                MethodSchema(name: $0.name, inputType: $0.inputType, outputType: $0.outputType, idempotent: $0.idempotent)
            })
        }
        return SchemaRegistry(messages: messages, enums: enums, services: services)
    }

    static func kind(_ kind: FieldInfo.Kind) -> FieldKind? {
        switch kind {
        case .unspecified: nil
        case .double: .double
        case .float: .float
        case .int64: .int64
        case .uint64: .uint64
        case .int32: .int32
        case .fixed64: .fixed64
        case .fixed32: .fixed32
        case .bool: .bool
        case .string: .string
        case .bytes: .bytes
        case .uint32: .uint32
        case .sfixed32: .sfixed32
        case .sfixed64: .sfixed64
        case .sint32: .sint32
        case .sint64: .sint64
        case .enum: .enumeration
        case .message: .message
        }
    }
}
