/// The fixed 10-byte header that starts every frame (Protos/README.md §Frames):
/// payload length (u32 BE), type (u8), flags (u8), stream id (u32 BE).
public struct FrameHeader: Sendable, Hashable {
    public static let size = 10

    public var length: UInt32
    public var type: FrameType
    public var flags: UInt8
    public var streamID: UInt32

    public init(length: UInt32, type: FrameType, flags: UInt8 = 0, streamID: UInt32) {
        self.length = length
        self.type = type
        self.flags = flags
        self.streamID = streamID
    }
}

/// Frame types of protocol version 1.
public enum FrameType: UInt8, Sendable, Hashable, CaseIterable {
    case hello = 0x01
    case request = 0x02
    case response = 0x03
    case error = 0x04
    case cancel = 0x05
    case ping = 0x06
    case pong = 0x07
    case goAway = 0x08
}

/// A peer broke the protocol: the connection is closed with a GOAWAY carrying `code` and `message`.
public struct ProtocolViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: RPCError.Code
    public var message: String
    public init(_ code: RPCError.Code = .invalidArgument, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "protocol violation (\(code.name)): \(message)" }
}
