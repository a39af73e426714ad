/// The parts of `google/protobuf/descriptor.proto` the generator reads. Field numbers
/// are those of descriptor.proto; decoding lives in `Descriptors+Wire.swift`.

/// `FileDescriptorProto`.
struct FileProto {
    var name = ""
    var package = ""
    var dependencies: [String] = []
    var messages: [MessageProto] = []
    var enums: [EnumProto] = []
    var services: [ServiceProto] = []
    /// `SourceCodeInfo`: leading comments by location path (`[4, 0, 2, 1]` = message 0, field 1).
    var leadingComments: [[Int32]: String] = [:]
    var syntax = ""
}

/// `DescriptorProto`.
struct MessageProto {
    var name = ""
    var fields: [FieldProto] = []
    var nested: [MessageProto] = []
    var enums: [EnumProto] = []
    /// `oneof_decl` names, indexed by `FieldProto.oneofIndex`.
    var oneofs: [String] = []
    /// `MessageOptions.map_entry`: the synthetic entry message of a `map<K, V>` field.
    var isMapEntry = false
}

/// `FieldDescriptorProto`.
struct FieldProto {
    /// `FieldDescriptorProto.Type`.
    enum Kind: Int32 {
        case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes
        case uint32, enumeration, sfixed32, sfixed64, sint32, sint64
    }

    var name = ""
    var number: Int32 = 0
    var isRepeated = false
    var kind: Kind = .int32
    /// Fully qualified with a leading dot (`.cerniq.common.v1.Money`) for messages and enums.
    var typeName = ""
    var jsonName: String?
    var oneofIndex: Int?
    var isProto3Optional = false
}

/// `EnumDescriptorProto`.
struct EnumProto {
    var name = ""
    var values: [EnumValueProto] = []
}

/// `EnumValueDescriptorProto`.
struct EnumValueProto {
    var name = ""
    var number: Int32 = 0
}

/// `ServiceDescriptorProto`.
struct ServiceProto {
    var name = ""
    var methods: [MethodProto] = []
}

/// `MethodDescriptorProto`.
struct MethodProto {
    var name = ""
    var inputType = ""
    var outputType = ""
    /// `MethodOptions.idempotency_level`: 0 unknown, 1 NO_SIDE_EFFECTS, 2 IDEMPOTENT.
    var idempotencyLevel: Int32 = 0
    var isStreaming = false

    /// True when a client may retry the call.
    var isIdempotent: Bool { idempotencyLevel == 1 || idempotencyLevel == 2 }
}
