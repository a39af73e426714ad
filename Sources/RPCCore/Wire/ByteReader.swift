/// Reads big-endian integers and byte runs from a buffer, failing with a
/// `ProtocolViolation` instead of reading past the end.
public struct ByteReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: String) throws(ProtocolViolation) -> UnsafeRawBufferPointer {
        guard count <= remaining else { throw ProtocolViolation(.invalidArgument, "truncated \(what)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    public mutating func u8(_ what: String) throws(ProtocolViolation) -> UInt8 {
        try take(1, what)[0]
    }
    public mutating func u16(_ what: String) throws(ProtocolViolation) -> UInt16 {
        let b = try take(2, what)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }
    public mutating func u32(_ what: String) throws(ProtocolViolation) -> UInt32 {
        let b = try take(4, what)
        return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }
    public mutating func u64(_ what: String) throws(ProtocolViolation) -> UInt64 {
        UInt64(try u32(what)) << 32 | UInt64(try u32(what))
    }
    public mutating func bytes(_ count: Int, _ what: String) throws(ProtocolViolation) -> UnsafeRawBufferPointer {
        try take(count, what)
    }
    public mutating func utf8(_ count: Int, _ what: String) throws(ProtocolViolation) -> String {
        let raw = try take(count, what)
        guard let text = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw ProtocolViolation(.invalidArgument, "\(what) is not UTF-8")
        }
        return text
    }
    /// Everything not yet read.
    public mutating func rest() -> UnsafeRawBufferPointer {
        defer { offset = bytes.count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }
}

extension Array where Element == UInt8 {
    @inlinable mutating func appendU16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
    @inlinable mutating func appendU32(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
    @inlinable mutating func appendU64(_ value: UInt64) {
        appendU32(UInt32(truncatingIfNeeded: value >> 32))
        appendU32(UInt32(truncatingIfNeeded: value))
    }
    @inlinable mutating func patchU32(at index: Int, _ value: UInt32) {
        self[index] = UInt8(truncatingIfNeeded: value >> 24)
        self[index + 1] = UInt8(truncatingIfNeeded: value >> 16)
        self[index + 2] = UInt8(truncatingIfNeeded: value >> 8)
        self[index + 3] = UInt8(truncatingIfNeeded: value)
    }
}
