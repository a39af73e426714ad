import COpenSSL

/// SHA-256 through OpenSSL's one-shot `EVP_Digest`: token digests (`OpaqueToken`) and request
/// fingerprints (the gateway's idempotency keys).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // SHA-256 fails only when OpenSSL cannot allocate a context: no answer can be given,
        // and an all-zero digest must never be looked up as if it were one.
        precondition(status == 1 && length == digest.count, "OpenSSL SHA-256 failed")
        return digest
    }
}
