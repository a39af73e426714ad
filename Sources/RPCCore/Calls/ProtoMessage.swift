/// A protobuf message with a codec. Generated types conform through protobuf-c
/// (Protos/generate.sh); the runtime only sees bytes.
public protocol ProtoMessage: Sendable {
    /// The fully qualified protobuf name, e.g. `cerniq.testing.v1.EchoRequest`.
    static var protoName: String { get }
    init()
    /// Decodes a message; throws `RPCError(.invalidArgument)` for bytes that are not one.
    init(decoding bytes: UnsafeRawBufferPointer) throws
    /// Appends the encoded message to `output`.
    func encode(into output: inout [UInt8])
}

extension ProtoMessage {
    public init(decoding bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Self(decoding: $0) }
    }

    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        encode(into: &output)
        return output
    }
}
