import COpenSSL

/// The HMAC hash of one-time passwords. SHA-1 is what authenticator apps implement and the
/// default everywhere; SHA-256 and SHA-512 are RFC 6238 §1.2's options. HMAC-SHA-1 stays
/// sound here: HOTP relies on HMAC as a PRF, which SHA-1's collisions do not break.
public enum OTPAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// HMAC(`key`, `message`) with this hash, through OpenSSL's one-shot `HMAC`.
    func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let digest: OpaquePointer? = switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { key in
            output.withUnsafeMutableBufferPointer { output in
                // An empty key is legal HMAC; OpenSSL wants a non-NULL pointer for it.
                HMAC(digest, key.baseAddress ?? UnsafeRawPointer(output.baseAddress!), Int32(key.count),
                     message, message.count, output.baseAddress, &length)
            }
        }
        // HMAC fails only without memory or with a broken provider setup: no code could be
        // computed or checked at all, which must not read as a mismatch or a match.
        precondition(result != nil, "OpenSSL HMAC failed")
        return Array(output.prefix(Int(length)))
    }
}
