/// Appends frames to an output buffer. Writers reserve the header, write the payload
/// in place and patch the length afterwards, so a message is encoded exactly once.
public enum FrameEncoder {
    @inlinable
    static func withFrame(_ out: inout [UInt8], _ type: FrameType, streamID: UInt32, flags: UInt8 = 0,
                          _ body: (inout [UInt8]) -> Void) {
        let start = out.count
        out.appendU32(0)
        out.append(type.rawValue)
        out.append(flags)
        out.appendU32(streamID)
        body(&out)
        out.patchU32(at: start, UInt32(out.count - start - FrameHeader.size))
    }

    public static func hello(_ hello: Hello, into out: inout [UInt8]) {
        withFrame(&out, .hello, streamID: 0) { out in
            out.append(contentsOf: Hello.magic)
            out.appendU16(hello.minVersion)
            out.appendU16(hello.maxVersion)
            out.appendU32(hello.maxFrameSize)
            out.appendU32(hello.maxConcurrentStreams)
        }
    }

    /// A REQUEST; `method` must be 1...255 bytes and the metadata block at most 65,535.
    public static func request(streamID: UInt32, timeoutMilliseconds: UInt32, method: String, metadata: Metadata,
                               into out: inout [UInt8], message: (inout [UInt8]) -> Void) {
        withFrame(&out, .request, streamID: streamID) { out in
            out.appendU32(timeoutMilliseconds)
            let methodBytes = method.utf8
            out.append(UInt8(truncatingIfNeeded: methodBytes.count))
            out.append(contentsOf: methodBytes)
            let lengthAt = out.count
            out.appendU16(0)
            for entry in metadata.entries {
                out.append(UInt8(truncatingIfNeeded: entry.key.utf8.count))
                out.append(contentsOf: entry.key.utf8)
                out.appendU16(UInt16(truncatingIfNeeded: entry.value.count))
                out.append(contentsOf: entry.value)
            }
            let blockLength = out.count - lengthAt - 2
            out[lengthAt] = UInt8(truncatingIfNeeded: blockLength >> 8)
            out[lengthAt + 1] = UInt8(truncatingIfNeeded: blockLength)
            message(&out)
        }
    }

    public static func response(streamID: UInt32, into out: inout [UInt8], message: (inout [UInt8]) -> Void) {
        withFrame(&out, .response, streamID: streamID, message)
    }

    public static func error(streamID: UInt32, _ error: RPCError, into out: inout [UInt8]) {
        withFrame(&out, .error, streamID: streamID) { out in
            out.append(error.code.rawValue)
            let text = Array(error.message.utf8.prefix(Int(UInt16.max)))
            out.appendU16(UInt16(text.count))
            out.append(contentsOf: text)
            out.append(contentsOf: error.details)
        }
    }

    /// `reason`: CANCELLED or DEADLINE_EXCEEDED.
    public static func cancel(streamID: UInt32, reason: RPCError.Code, into out: inout [UInt8]) {
        withFrame(&out, .cancel, streamID: streamID) { $0.append(reason.rawValue) }
    }

    public static func ping(_ opaque: UInt64, into out: inout [UInt8]) {
        withFrame(&out, .ping, streamID: 0) { $0.appendU64(opaque) }
    }

    public static func pong(_ opaque: UInt64, into out: inout [UInt8]) {
        withFrame(&out, .pong, streamID: 0) { $0.appendU64(opaque) }
    }

    public static func goAway(lastStreamID: UInt32, code: RPCError.Code, message: String, into out: inout [UInt8]) {
        withFrame(&out, .goAway, streamID: 0) { out in
            out.appendU32(lastStreamID)
            out.append(code.rawValue)
            out.append(contentsOf: message.utf8)
        }
    }
}
