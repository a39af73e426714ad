import RPCCore

/// The protobuf wire types (protobuf encoding guide, "Message Structure"). Groups (3, 4)
/// are proto2-only and rejected.
enum WireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
}

extension FieldKind {
    /// The wire type of one unpacked value of this kind.
    var wireType: WireType {
        switch self {
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .bool, .enumeration: .varint
        case .fixed64, .sfixed64, .double: .fixed64
        case .fixed32, .sfixed32, .float: .fixed32
        case .string, .bytes, .message: .lengthDelimited
        }
    }

    /// Scalars that proto3 packs when repeated.
    var isPackable: Bool { wireType != .lengthDelimited }

    /// Kinds whose JSON form is a string once the value exceeds 2^53.
    var is64Bit: Bool {
        switch self {
        case .int64, .uint64, .sint64, .fixed64, .sfixed64: true
        default: false
        }
    }
}

/// ZigZag encoding for `sint32`/`sint64`: small negative numbers get short varints.
enum ZigZag {
    static func encode(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func decode(_ value: UInt64) -> Int64 { Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))) }
}
