import COpenSSL

/// The scrypt key derivation function (RFC 7914) through OpenSSL.
public enum Scrypt {
    /// The `length`-byte key scrypt derives from `password` and `salt`, or nil when OpenSSL
    /// refuses (parameters it does not support, or memory it cannot allocate).
    ///
    /// Runs on the calling thread for as long as the parameters ask (tens of milliseconds at
    /// the defaults): call it from a thread that may block, not from an event loop.
    public static func deriveKey(
        password: [UInt8], salt: [UInt8], parameters: ScryptParameters, length: Int
    ) -> [UInt8]? {
        guard length > 0 else { return nil }
        var key = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBytes { password in
            salt.withUnsafeBytes { salt in
                key.withUnsafeMutableBufferPointer { key in
                    // maxmem is exactly what these parameters need: OpenSSL's default (32 MiB)
                    // is just below N = 2^15, r = 8, and a larger constant would let a future
                    // caller's parameters pass unnoticed. A NULL password or salt (empty
                    // arrays) is read by OpenSSL as the empty string.
                    EVP_PBE_scrypt(
                        password.baseAddress?.assumingMemoryBound(to: CChar.self), password.count,
                        salt.baseAddress?.assumingMemoryBound(to: UInt8.self), salt.count,
                        parameters.n, UInt64(parameters.r), UInt64(parameters.p), parameters.memoryBytes,
                        key.baseAddress, key.count)
                }
            }
        }
        // A refusal leaves entries on this thread's error queue; the next unrelated OpenSSL
        // call must not read them as its own.
        guard status == 1 else {
            ERR_clear_error()
            return nil
        }
        return key
    }
}
