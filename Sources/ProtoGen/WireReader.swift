/// A reader of the protobuf wire format: just enough (varint, fixed32, fixed64,
/// length-delimited) to decode a `FileDescriptorSet`. Fields it is not asked for are skipped.
struct WireReader {
    /// The wire types of the protobuf encoding.
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws -> (number: Int, wireType: WireType)? {
        guard index < bytes.endIndex else { return nil }
        let tag = try readVarint()
        guard let wireType = WireType(rawValue: tag & 7), tag >> 3 > 0, tag >> 3 <= 0x1FFF_FFFF else {
            throw GeneratorError("descriptor set: bad field tag \(tag) at byte \(index)")
        }
        return (Int(tag >> 3), wireType)
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw GeneratorError("descriptor set: truncated or overlong varint")
    }

    mutating func readFixed32() throws -> UInt32 {
        let raw = try take(4)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readFixed64() throws -> UInt64 {
        let raw = try take(8)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readLengthDelimited() throws -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(bytes.endIndex - index) else {
            throw GeneratorError("descriptor set: length \(length) runs past the end")
        }
        return try take(Int(length))
    }

    mutating func readString() throws -> String {
        String(decoding: try readLengthDelimited(), as: UTF8.self)
    }

    mutating func readInt32() throws -> Int32 { Int32(truncatingIfNeeded: try readVarint()) }

    mutating func readBool() throws -> Bool { try readVarint() != 0 }

    /// Reads a repeated int32 field in either encoding: packed (length-delimited) or one varint.
    mutating func readInt32s(_ wireType: WireType) throws -> [Int32] {
        guard wireType == .lengthDelimited else { return [try readInt32()] }
        var packed = WireReader(try readLengthDelimited())
        var values: [Int32] = []
        while packed.index < packed.bytes.endIndex { values.append(try packed.readInt32()) }
        return values
    }

    /// Skips the value of a field of `wireType`.
    mutating func skip(_ wireType: WireType) throws {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try take(8)
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try take(4)
        case .startGroup, .endGroup: throw GeneratorError("descriptor set: groups are not supported")
        }
    }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - index else { throw GeneratorError("descriptor set: truncated field") }
        defer { index += count }
        return bytes[index..<index + count]
    }
}
