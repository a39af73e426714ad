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

    private static func family(of address: String) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, address, &buffer) == 1 { return AF_INET }
        if inet_pton(AF_INET6, address, &buffer) == 1 { return AF_INET6 }
        return nil
    }
}
