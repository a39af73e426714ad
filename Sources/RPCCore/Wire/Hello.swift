/// The first frame each side sends (Protos/README.md §HELLO): the protocol magic,
/// the versions the sender speaks, and the limits it enforces on what it receives.
public struct Hello: Sendable, Hashable {
    /// "CRNQ": lets a peer that speaks something else fail at the first frame.
    public static let magic: [UInt8] = [0x43, 0x52, 0x4E, 0x51]
    public static let payloadSize = 16
    /// The only version this runtime speaks.
    public static let currentVersion: UInt16 = 1

    public var minVersion: UInt16
    public var maxVersion: UInt16
    /// Largest frame payload the sender accepts.
    public var maxFrameSize: UInt32
    /// Most streams the sender lets be open at once on this connection.
    public var maxConcurrentStreams: UInt32

    public init(minVersion: UInt16 = Hello.currentVersion, maxVersion: UInt16 = Hello.currentVersion,
                maxFrameSize: UInt32, maxConcurrentStreams: UInt32) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.maxFrameSize = maxFrameSize
        self.maxConcurrentStreams = maxConcurrentStreams
    }

    /// The version both sides speak: the highest in both ranges.
    public func negotiate(with peer: Hello) -> UInt16? {
        let version = min(maxVersion, peer.maxVersion)
        return version >= max(minVersion, peer.minVersion) ? version : nil
    }
}
