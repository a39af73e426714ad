import COpenSSL

/// Bytes from OpenSSL's CSPRNG, for salts, token secrets and TOTP seeds.
enum SecureRandom {
    /// `count` random bytes.
    ///
    /// `RAND_bytes` fails only when the generator cannot be seeded. Every caller here would then
    /// hand out a guessable salt or token; stopping the process is the only safe answer, which
    /// is also what the platform RNG APIs do.
    static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "random byte count out of range")
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "RAND_bytes failed: OpenSSL's random generator is not seeded")
        return bytes
    }
}
