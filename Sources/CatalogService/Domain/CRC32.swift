/// CRC-32 as ZIP (and PNG, gzip, Ethernet) use it: the reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF. `CRC32.checksum("123456789")` is 0xCBF43926.
public struct CRC32: Sendable {
    /// The CRC of everything given so far.
    public private(set) var value: UInt32 = 0

    /// A CRC of nothing yet.
    public init() {}

    /// Adds `bytes` to the CRC.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = ~value
        for byte in bytes {
            crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        value = ~crc
    }

    /// The CRC of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// One entry per byte value: the CRC of that byte, bit by bit.
    private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = entry & 1 == 1 ? 0xEDB8_8320 ^ (entry >> 1) : entry >> 1
        }
        return entry
    }
}
