/// Describes generated messages, enums and services at run time: what the gateway
/// transcodes with, what the reflection service reports and what the CLI's `call` uses.
/// Generated `<Package>Schema.registry` values are built from these.

/// The protobuf scalar or composite type of a field.
public enum FieldKind: String, Sendable, Hashable, CaseIterable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes
    case uint32, sfixed32, sfixed64, sint32, sint64
    case enumeration = "enum"
    case message
}

public struct FieldSchema: Sendable, Hashable {
    public var number: Int32
    /// The proto field name (`unit_price`).
    public var name: String
    /// The JSON name the REST API uses (`unitPrice`, or the proto's `json_name`).
    public var jsonName: String
    public var kind: FieldKind
    public var repeated: Bool
    /// Declared with `// @required` in the proto: the gateway rejects a request without it.
    public var required: Bool
    /// Fully qualified message or enum name for `.message` and `.enumeration` fields.
    public var typeName: String?
    /// Name of the oneof this field belongs to, if any.
    public var oneof: String?

    public init(number: Int32, name: String, jsonName: String, kind: FieldKind, repeated: Bool = false,
                required: Bool = false, typeName: String? = nil, oneof: String? = nil) {
        self.number = number
        self.name = name
        self.jsonName = jsonName
        self.kind = kind
        self.repeated = repeated
        self.required = required
        self.typeName = typeName
        self.oneof = oneof
    }
}

public struct MessageSchema: Sendable, Hashable {
    /// Fully qualified name (`cerniq.testing.v1.EchoRequest`).
    public var name: String
    public var fields: [FieldSchema]
    /// True for the synthetic entry message of a `map<K, V>` field (fields `key` = 1 and `value` = 2);
    /// a repeated field of such a type is a map and is a JSON object.
    public var isMapEntry: Bool
    /// True for a message of one oneof that JSON writes as the set member's value itself
    /// (`@json-value` in the proto), e.g. a specification that is text or a number.
    public var isJSONValue: Bool

    public init(name: String, fields: [FieldSchema], isMapEntry: Bool = false, isJSONValue: Bool = false) {
        self.name = name
        self.fields = fields
        self.isMapEntry = isMapEntry
        self.isJSONValue = isJSONValue
    }

    public func field(number: Int32) -> FieldSchema? { fields.first { $0.number == number } }
    public func field(jsonName: String) -> FieldSchema? { fields.first { $0.jsonName == jsonName || $0.name == jsonName } }
}

public struct EnumSchema: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        /// The proto name (`NEGOTIATION_STATUS_IN_PROGRESS`).
        public var name: String
        public var number: Int32
        /// The spelling the seeds use in JSON (`in_progress`), from `// @json "..."` or derived.
        public var json: String
        public init(name: String, number: Int32, json: String) {
            self.name = name
            self.number = number
            self.json = json
        }
    }
    public var name: String
    public var values: [Value]

    public init(name: String, values: [Value]) {
        self.name = name
        self.values = values
    }
}

public struct MethodSchema: Sendable, Hashable {
    public var name: String
    public var inputType: String
    public var outputType: String
    public var idempotent: Bool
    public init(name: String, inputType: String, outputType: String, idempotent: Bool) {
        self.name = name
        self.inputType = inputType
        self.outputType = outputType
        self.idempotent = idempotent
    }
}

public struct ServiceSchema: Sendable, Hashable {
    public var name: String
    public var methods: [MethodSchema]
    public init(name: String, methods: [MethodSchema]) {
        self.name = name
        self.methods = methods
    }
}

/// A set of schemas, looked up by fully qualified name.
public struct SchemaRegistry: Sendable {
    public private(set) var messages: [String: MessageSchema] = [:]
    public private(set) var enums: [String: EnumSchema] = [:]
    public private(set) var services: [String: ServiceSchema] = [:]

    public init(messages: [MessageSchema] = [], enums: [EnumSchema] = [], services: [ServiceSchema] = []) {
        for message in messages { self.messages[message.name] = message }
        for e in enums { self.enums[e.name] = e }
        for service in services { self.services[service.name] = service }
    }

    /// This registry with every entry of `other` added.
    public func merging(_ other: SchemaRegistry) -> SchemaRegistry {
        var result = self
        result.messages.merge(other.messages) { $1 }
        result.enums.merge(other.enums) { $1 }
        result.services.merge(other.services) { $1 }
        return result
    }

    public func method(_ path: String) -> (service: ServiceSchema, method: MethodSchema)? {
        guard let descriptor = MethodDescriptor(path: path), let service = services[descriptor.service],
              let method = service.methods.first(where: { $0.name == descriptor.method }) else { return nil }
        return (service, method)
    }
}
