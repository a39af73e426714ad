import COpenSSL

/// SHA-256 through OpenSSL's EVP interface: migration checksums and advisory-lock keys.
enum SHA256 {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when OpenSSL cannot allocate or has no SHA-256 at all.
        precondition(status == 1 && length == 32, "OpenSSL SHA-256 failed")
        return digest
    }

    /// The digest of `text`'s UTF-8 bytes in lower-case hex.
    static func hex(_ text: String) -> String {
        digest(Array(text.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
        }.joined()
    }

    /// A 64-bit key for `pg_advisory_xact_lock`: the first 8 bytes of the digest of `text`.
    static func lockKey(_ text: String) -> Int64 {
        digest(Array(text.utf8)).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
