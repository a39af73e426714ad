/// How one value of a field (a singular field, one element of a repeated field, a map
/// key or value) looks in Swift and in the protobuf-c struct, and how to convert it.
enum ValueType {
    /// Integers and floating point: the Swift type is the C type (`Int32` is `int32_t`).
    case number(swift: String)
    /// `protobuf_c_boolean` is a C `int`.
    case bool
    /// `char *`, NUL-terminated.
    case string
    /// `ProtobufCBinaryData`.
    case bytes
    /// A C enum imported as a struct with a raw value.
    case enumeration(swift: String, cType: String, zeroCase: String)
    /// A pointer to a C message struct.
    case message(swift: String)

    init(_ field: FieldProto, table: TypeTable, module: String) throws {
        switch field.kind {
        case .double: self = .number(swift: "Double")
        case .float: self = .number(swift: "Float")
        case .int64, .sfixed64, .sint64: self = .number(swift: "Int64")
        case .uint64, .fixed64: self = .number(swift: "UInt64")
        case .int32, .sfixed32, .sint32: self = .number(swift: "Int32")
        case .uint32, .fixed32: self = .number(swift: "UInt32")
        case .bool: self = .bool
        case .string: self = .string
        case .bytes: self = .bytes
        case .message: self = .message(swift: try table.swiftType(field.typeName, from: module))
        case .group: throw GeneratorError("field \(field.name): groups are not supported")
        case .enumeration:
            let entry = try table.entry(field.typeName)
            guard case .enumeration(let proto) = entry.kind, let zero = proto.values.first else {
                throw GeneratorError("field \(field.name): \(field.typeName) is not an enum with values")
            }
            self = .enumeration(swift: try table.swiftType(field.typeName, from: module), cType: Naming.cType(entry.fullName),
                                zeroCase: Naming.member(Naming.enumCase(zero.name, enumName: proto.name)))
        }
    }

    /// The Swift type of one value.
    var swiftType: String {
        switch self {
        case .number(let swift): swift
        case .bool: "Bool"
        case .string: "String"
        case .bytes: "[UInt8]"
        case .enumeration(let swift, _, _), .message(let swift): swift
        }
    }

    /// The proto3 default in Swift; a message has none (its field is optional).
    var defaultValue: String {
        switch self {
        case .number: "0"
        case .bool: "false"
        case .string: "\"\""
        case .bytes: "[]"
        case .enumeration(_, _, let zeroCase): "." + zeroCase
        case .message(let swift): swift + "()"
        }
    }

    /// True when the C array element type is the Swift type itself, so arrays copy as they are.
    var isBitwiseCopyable: Bool {
        if case .number = self { return true }
        return false
    }

    /// The C value of the Swift expression `swift`; strings, bytes and messages are copied into `arena`.
    func toC(_ swift: String) -> String {
        switch self {
        case .number: swift
        case .bool: "\(swift) ? 1 : 0"
        case .string: "arena.string(\(swift))"
        case .bytes: "arena.bytes(\(swift))"
        case .enumeration(_, let cType, _): "\(cType)(rawValue: .init(truncatingIfNeeded: \(swift).rawValue))"
        case .message: "arena.message(\(swift))"
        }
    }

    /// The Swift value of the C expression `c`; for a message, `c` must not be NULL.
    func fromC(_ c: String) -> String {
        switch self {
        case .number: c
        case .bool: "\(c) != 0"
        case .string: "CRead.string(\(c))"
        case .bytes: "CRead.bytes(\(c))"
        case .enumeration(let swift, _, _): "\(swift)(protoNumber: Int32(truncatingIfNeeded: \(c).rawValue))"
        case .message(let swift): "\(swift)(cMessage: \(c))"
        }
    }
}
