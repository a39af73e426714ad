/// Reads protobuf wire encoding from a range of a byte array, checking every length
/// against what is left, so no input can read out of bounds.
struct WireReader {
    /// Why bytes are not a protobuf message.
    struct Malformed: Error {
        var reason: String
    }

    let bytes: [UInt8]
    var index: Int
    let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.index = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var atEnd: Bool { index >= end }

    mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            let byte = bytes[index]
            index += 1
            // The tenth byte may only contribute the top bit of 64.
            if shift == 63, byte > 1 { throw Malformed(reason: "varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw Malformed(reason: "varint longer than 10 bytes") }
        }
        throw Malformed(reason: "truncated varint")
    }

    /// The next field's number and wire type.
    mutating func tag() throws(Malformed) -> (number: Int32, type: WireType) {
        let key = try varint()
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else { throw Malformed(reason: "invalid field number \(number)") }
        guard let type = WireType(rawValue: UInt8(key & 7)) else {
            throw Malformed(reason: "unsupported wire type \(key & 7) for field \(number)")
        }
        return (Int32(number), type)
    }

    mutating func fixed32() throws(Malformed) -> UInt32 {
        guard end - index >= 4 else { throw Malformed(reason: "truncated fixed32") }
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(bytes[index + offset]) << (8 * offset) }
        index += 4
        return value
    }

    mutating func fixed64() throws(Malformed) -> UInt64 {
        guard end - index >= 8 else { throw Malformed(reason: "truncated fixed64") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * offset) }
        index += 8
        return value
    }

    /// The range of the next length-delimited payload, which the reader steps over.
    mutating func lengthDelimited() throws(Malformed) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - index) else { throw Malformed(reason: "length \(length) exceeds the remaining \(end - index) bytes") }
        let range = index..<(index + Int(length))
        index = range.upperBound
        return range
    }

    /// Steps over one value of `type`.
    mutating func skip(_ type: WireType) throws(Malformed) {
        switch type {
        case .varint: _ = try varint()
        case .fixed32: _ = try fixed32()
        case .fixed64: _ = try fixed64()
        case .lengthDelimited: _ = try lengthDelimited()
        }
    }
}
