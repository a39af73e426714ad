/// HMAC-based one-time passwords (RFC 4226), the counter-driven core of TOTP.
public enum HOTP {
    /// The `digits`-digit code for `counter` (RFC 4226 §5.3): HMAC the 8-byte big-endian
    /// counter, take 31 bits at the offset the last nibble names (dynamic truncation), and
    /// keep the low decimal digits, zero-padded.
    public static func code(secret: [UInt8], counter: UInt64, digits: Int = 6,
                            algorithm: OTPAlgorithm = .sha1) -> String {
        precondition((6...9).contains(digits), "one-time passwords have 6 to 9 digits (RFC 4226 §5.3)")
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * $0)) }
        let mac = algorithm.mac(key: secret, message: message)
        let offset = Int(mac[mac.count - 1] & 0x0F)
        // The top bit is masked so the value reads the same as a signed or unsigned integer.
        let binary = UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }
}
