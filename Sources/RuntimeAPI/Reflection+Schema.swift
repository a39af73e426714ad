import RPCCore

// Reflection carries the runtime schema (RPCCore's Schema types) as messages, so a
// client that knows nothing at compile time can rebuild a SchemaRegistry and transcode.

extension DescribeResponse {
    /// The services, messages and enums of `registry` that `symbol` names or reaches:
    /// a service brings its methods' types, a message the types of its fields, transitively.
    /// Nil when the registry has no such symbol.
    public init?(symbol: String, in registry: SchemaRegistry) {
        var services: [ServiceSchema] = []
        var pending: [String] = []
        if let service = registry.services[symbol] {
            services.append(service)
            pending = service.methods.flatMap { [$0.inputType, $0.outputType] }
        } else if registry.messages[symbol] != nil || registry.enums[symbol] != nil {
            pending = [symbol]
        } else {
            return nil
        }
        var messages: [String: MessageSchema] = [:]
        var enums: [String: EnumSchema] = [:]
        while let name = pending.popLast() {
            if let message = registry.messages[name], messages[name] == nil {
                messages[name] = message
                pending.append(contentsOf: message.fields.compactMap(\.typeName))
            } else if let e = registry.enums[name] {
                enums[name] = e
            }
        }
        self.init(services: services.map(ServiceInfo.init(schema:)),
                  messages: messages.keys.sorted().map { MessageInfo(schema: messages[$0]!) },
                  enums: enums.keys.sorted().map { EnumInfo(schema: enums[$0]!) })
    }

    /// The registry these infos describe. Throws `RPCError(.failedPrecondition)` for a field
    /// whose kind this runtime does not know (a newer server), naming the field.
    public var registry: SchemaRegistry {
        get throws {
            SchemaRegistry(messages: try messages.map { try $0.schema() }, enums: enums.map(\.schema), services: services.map(\.schema))
        }
    }
}

extension ServiceInfo {
    public init(schema: ServiceSchema) {
        self.init(name: schema.name, methods: schema.methods.map {
            MethodInfo(name: $0.name, inputType: $0.inputType, outputType: $0.outputType, idempotent: $0.idempotent)
        })
    }

    public var schema: ServiceSchema {
        ServiceSchema(name: name, methods: methods.map {
            MethodSchema(name: $0.name, inputType: $0.inputType, outputType: $0.outputType, idempotent: $0.idempotent)
        })
    }
}

extension MessageInfo {
    public init(schema: MessageSchema) {
        self.init(name: schema.name, fields: schema.fields.map(FieldInfo.init(schema:)), isMapEntry: schema.isMapEntry)
    }

    public func schema() throws -> MessageSchema {
        MessageSchema(name: name, fields: try fields.map { field in
            guard let schema = field.schema else {
                throw RPCError(.failedPrecondition, "\(name).\(field.name) has a field kind this runtime does not know")
            }
            return schema
        }, isMapEntry: isMapEntry)
    }
}

extension FieldInfo {
    public init(schema: FieldSchema) {
        self.init(number: schema.number, name: schema.name, jsonName: schema.jsonName, kind: Kind(schema.kind),
                  repeated: schema.repeated, required: schema.required,
                  typeName: schema.typeName ?? "", oneof: schema.oneof ?? "")
    }

    /// Nil for a kind this runtime does not know (a newer peer, or unspecified).
    public var schema: FieldSchema? {
        guard let kind = kind.fieldKind else { return nil }
        return FieldSchema(number: number, name: name, jsonName: jsonName, kind: kind,
                           repeated: repeated, required: required,
                           typeName: typeName.isEmpty ? nil : typeName, oneof: oneof.isEmpty ? nil : oneof)
    }
}

extension FieldInfo.Kind {
    init(_ kind: FieldKind) {
        self = switch kind {
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
        case .enumeration: .enum
        case .message: .message
        }
    }

    var fieldKind: FieldKind? {
        switch self {
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

extension EnumInfo {
    public init(schema: EnumSchema) {
        self.init(name: schema.name, values: schema.values.map { EnumValueInfo(name: $0.name, number: $0.number, json: $0.json) })
    }

    public var schema: EnumSchema {
        EnumSchema(name: name, values: values.map { EnumSchema.Value(name: $0.name, number: $0.number, json: $0.json) })
    }
}
