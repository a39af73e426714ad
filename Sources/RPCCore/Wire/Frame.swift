/// A whole frame with its payload copied out: what tests, the spec's examples and the
/// client's control path use. The server's hot path reads `RequestView` in place instead.
public enum Frame: Sendable, Hashable, CustomStringConvertible {
    case hello(Hello)
    case request(streamID: UInt32, timeoutMilliseconds: UInt32, method: String, metadata: Metadata, message: [UInt8])
    case response(streamID: UInt32, message: [UInt8])
    case error(streamID: UInt32, RPCError)
    /// `reason` is CANCELLED (the caller gave up) or DEADLINE_EXCEEDED (its deadline passed).
    case cancel(streamID: UInt32, reason: RPCError.Code)
    case ping(UInt64)
    case pong(UInt64)
    case goAway(lastStreamID: UInt32, code: RPCError.Code, message: String)

    /// Decodes the payload of a frame whose header has been read, enforcing each
    /// type's rules about stream ids and payload shape.
    public init(header: FrameHeader, payload: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        var reader = ByteReader(payload)
        let connectionLevel: Set<FrameType> = [.hello, .ping, .pong, .goAway]
        if connectionLevel.contains(header.type) {
            guard header.streamID == 0 else { throw ProtocolViolation(.invalidArgument, "\(header.type) frame on stream \(header.streamID)") }
        } else {
            guard header.streamID != 0 else { throw ProtocolViolation(.invalidArgument, "\(header.type) frame on stream 0") }
        }
        switch header.type {
        case .hello:
            guard payload.count == Hello.payloadSize else { throw ProtocolViolation(.invalidArgument, "HELLO payload of \(payload.count) bytes") }
            guard Array(try reader.bytes(4, "magic")) == Hello.magic else { throw ProtocolViolation(.invalidArgument, "bad protocol magic") }
            self = .hello(Hello(minVersion: try reader.u16("min version"), maxVersion: try reader.u16("max version"),
                                maxFrameSize: try reader.u32("max frame size"), maxConcurrentStreams: try reader.u32("max streams")))
        case .request:
            let view = try RequestView(parsing: payload)
            self = .request(streamID: header.streamID, timeoutMilliseconds: view.timeoutMilliseconds, method: view.method,
                            metadata: view.metadata, message: Array(view.message))
        case .response:
            self = .response(streamID: header.streamID, message: Array(payload))
        case .error:
            let code = RPCError.Code(rawValue: try reader.u8("status code"))
            guard code != .ok else { throw ProtocolViolation(.invalidArgument, "ERROR frame with status OK") }
            let message = try reader.utf8(Int(try reader.u16("message length")), "error message")
            self = .error(streamID: header.streamID, RPCError(code, message, details: Array(reader.rest())))
        case .cancel:
            guard payload.count == 1 else { throw ProtocolViolation(.invalidArgument, "CANCEL payload of \(payload.count) bytes") }
            let reason = RPCError.Code(rawValue: try reader.u8("cancel reason"))
            guard reason == .cancelled || reason == .deadlineExceeded else {
                throw ProtocolViolation(.invalidArgument, "CANCEL reason \(reason.name)")
            }
            self = .cancel(streamID: header.streamID, reason: reason)
        case .ping, .pong:
            guard payload.count == 8 else { throw ProtocolViolation(.invalidArgument, "\(header.type) payload of \(payload.count) bytes") }
            let opaque = try reader.u64("ping data")
            self = header.type == .ping ? .ping(opaque) : .pong(opaque)
        case .goAway:
            let last = try reader.u32("last stream id")
            let code = RPCError.Code(rawValue: try reader.u8("status code"))
            self = .goAway(lastStreamID: last, code: code, message: try reader.utf8(reader.remaining, "go-away message"))
        }
    }

    /// Appends this frame's bytes to `out`.
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .hello(let hello): FrameEncoder.hello(hello, into: &out)
        case let .request(streamID, timeout, method, metadata, message):
            FrameEncoder.request(streamID: streamID, timeoutMilliseconds: timeout, method: method, metadata: metadata, into: &out) {
                $0.append(contentsOf: message)
            }
        case let .response(streamID, message):
            FrameEncoder.response(streamID: streamID, into: &out) { $0.append(contentsOf: message) }
        case let .error(streamID, error): FrameEncoder.error(streamID: streamID, error, into: &out)
        case let .cancel(streamID, reason): FrameEncoder.cancel(streamID: streamID, reason: reason, into: &out)
        case let .ping(opaque): FrameEncoder.ping(opaque, into: &out)
        case let .pong(opaque): FrameEncoder.pong(opaque, into: &out)
        case let .goAway(last, code, message): FrameEncoder.goAway(lastStreamID: last, code: code, message: message, into: &out)
        }
    }

    /// One line naming the frame and its fields, as the spec's examples are titled.
    public var description: String {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format2: $0) }.joined() }
        func meta(_ m: Metadata) -> String {
            m.entries.map { "\($0.key)=\(String(decoding: $0.value, as: UTF8.self))" }.joined(separator: ",")
        }
        switch self {
        case .hello(let h):
            return "HELLO versions \(h.minVersion)-\(h.maxVersion) max-frame \(h.maxFrameSize) max-streams \(h.maxConcurrentStreams)"
        case let .request(s, t, m, md, msg):
            return "REQUEST stream \(s) timeout \(t)ms method \(m) metadata [\(meta(md))] message \(hex(msg))"
        case let .response(s, msg): return "RESPONSE stream \(s) message \(hex(msg))"
        case let .error(s, e):
            return "ERROR stream \(s) \(e.code.name) \"\(e.message)\" details \(hex(e.details))"
        case let .cancel(s, reason): return "CANCEL stream \(s) \(reason.name)"
        case let .ping(o): return "PING \(o)"
        case let .pong(o): return "PONG \(o)"
        case let .goAway(l, c, m): return "GOAWAY last-stream \(l) \(c.name) \"\(m)\""
        }
    }
}

extension String {
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
