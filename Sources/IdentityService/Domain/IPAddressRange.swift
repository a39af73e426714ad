#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An entry of `security.ipWhitelist` (003 §13.2): one IPv4 or IPv6 address, or a CIDR block
/// (`203.0.113.0/24`, `2001:db8::/32`). Parsing is `inet_pton`'s, the same the gateway's
/// sockets report peers in, so what is accepted here is what can match there.
enum IPAddressRange {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first, let family = family(of: String(address)) else { return false }
        guard parts.count == 2 else { return true }
        let prefix = parts[1]
        // Digits only: Int("+8") would parse, and a prefix is written without a sign.
        guard !prefix.isEmpty, prefix.count <= 3, prefix.allSatisfy(\.isASCII), prefix.allSatisfy(\.isNumber),
              let bits = Int(prefix) else { return false }
        return bits <= (family == AF_INET ? 32 : 128)
    }

    /// Whether `address` (as the gateway reports the client) is in any entry of `whitelist`.
    /// An empty or unparsable address matches nothing: a whitelist fails closed.
    static func contains(_ address: String, in whitelist: [String]) -> Bool {
        guard let client = bytes(of: address) else { return false }
        return whitelist.contains { entry in
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard let network = bytes(of: String(parts[0])), network.count == client.count else { return false }
            let bits = parts.count == 2 ? Int(parts[1]) ?? -1 : network.count * 8
            guard (0...network.count * 8).contains(bits) else { return false }
            let whole = bits / 8, rest = bits % 8
            guard client[..<whole] == network[..<whole] else { return false }
            guard rest > 0 else { return true }
            let mask = UInt8(0xFF) << (8 - rest)
            return client[whole] & mask == network[whole] & mask
        }
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6. An IPv4-mapped IPv6 address
    /// (`::ffff:203.0.113.7`, RFC 4291 §2.5.5.2), as a dual-stack socket reports IPv4 peers,
    /// is its IPv4 address, so IPv4 entries match it.
    static func bytes(of address: String) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, address, &buffer) == 1 { return Array(buffer[..<4]) }
        guard inet_pton(AF_INET6, address, &buffer) == 1 else { return nil }
        if buffer[..<10].allSatisfy({ $0 == 0 }) && buffer[10] == 0xFF && buffer[11] == 0xFF { return Array(buffer[12...]) }
        return buffer
    }

    private static func family(of address: String) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, address, &buffer) == 1 { return AF_INET }
        if inet_pton(AF_INET6, address, &buffer) == 1 { return AF_INET6 }
        return nil
    }
}
