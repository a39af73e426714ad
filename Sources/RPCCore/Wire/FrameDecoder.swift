/// Splits received bytes into frames. The length is checked against the limit from
/// the header alone, before anything is allocated or more bytes are awaited.
public struct FrameDecoder: Sendable {
    public var maxFrameSize: UInt32

    public init(maxFrameSize: UInt32) { self.maxFrameSize = maxFrameSize }

    /// The frame at the start of `bytes` with a view of its payload, or nil when more
    /// bytes are needed. Throws for an over-long frame or an unknown type.
    public func next(in bytes: UnsafeRawBufferPointer) throws(ProtocolViolation) -> (header: FrameHeader, payload: UnsafeRawBufferPointer)? {
        guard bytes.count >= FrameHeader.size else { return nil }
        var reader = ByteReader(bytes)
        let length = try reader.u32("frame length")
        let rawType = try reader.u8("frame type")
        let flags = try reader.u8("frame flags")
        let streamID = try reader.u32("stream id")
        guard length <= maxFrameSize else {
            throw ProtocolViolation(.resourceExhausted, "frame of \(length) bytes exceeds the limit of \(maxFrameSize)")
        }
        guard let type = FrameType(rawValue: rawType) else {
            throw ProtocolViolation(.invalidArgument, "unknown frame type 0x\(String(rawType, radix: 16))")
        }
        guard bytes.count - FrameHeader.size >= Int(length) else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size..<FrameHeader.size + Int(length)])
        return (FrameHeader(length: length, type: type, flags: flags, streamID: streamID), payload)
    }
}

/// A REQUEST payload viewed in place: the message is not copied.
public struct RequestView {
    /// Milliseconds the caller allows; 0 means no deadline.
    public var timeoutMilliseconds: UInt32
    public var method: String
    public var metadata: Metadata
    public var message: UnsafeRawBufferPointer

    public init(parsing payload: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        var reader = ByteReader(payload)
        timeoutMilliseconds = try reader.u32("request timeout")
        let methodLength = Int(try reader.u8("method length"))
        guard methodLength > 0 else { throw ProtocolViolation(.invalidArgument, "empty method name") }
        method = try reader.utf8(methodLength, "method name")
        let metadataLength = Int(try reader.u16("metadata length"))
        metadata = try Metadata(parsing: reader.bytes(metadataLength, "metadata"))
        message = reader.rest()
    }
}

extension Metadata {
    /// Parses a metadata block: entries of (u8 key length, key, u16 value length, value).
    public init(parsing block: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        var reader = ByteReader(block)
        var entries: [Entry] = []
        while reader.remaining > 0 {
            let keyLength = Int(try reader.u8("metadata key length"))
            guard keyLength > 0 else { throw ProtocolViolation(.invalidArgument, "empty metadata key") }
            let key = try reader.bytes(keyLength, "metadata key")
            guard key.allSatisfy(Metadata.isKeyByte) else {
                throw ProtocolViolation(.invalidArgument, "metadata key has a byte outside [a-z0-9._-]")
            }
            let valueLength = Int(try reader.u16("metadata value length"))
            let value = try reader.bytes(valueLength, "metadata value")
            entries.append(Entry(key: String(decoding: key, as: UTF8.self), value: Array(value)))
        }
        self.init(entries)
    }

    /// Bytes the block takes on the wire.
    public var encodedSize: Int { entries.reduce(0) { $0 + 3 + $1.key.utf8.count + $1.value.count } }

    /// Throws `RPCError(.invalidArgument)` unless every entry fits the wire format (§Metadata),
    /// so a bad key is refused at the caller instead of breaking the shared connection.
    public func validate() throws(RPCError) {
        for entry in entries {
            let key = Array(entry.key.utf8)
            guard (1...255).contains(key.count), key.allSatisfy(Metadata.isKeyByte) else {
                throw RPCError(.invalidArgument, "metadata key \"\(entry.key)\" must be 1-255 bytes of a-z 0-9 - . _")
            }
            guard entry.value.count <= Int(UInt16.max) else {
                throw RPCError(.invalidArgument, "metadata value of \(entry.key) exceeds 65,535 bytes")
            }
        }
        guard encodedSize <= Int(UInt16.max) else { throw RPCError(.invalidArgument, "metadata exceeds 65,535 bytes") }
    }

    static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F
    }
}
