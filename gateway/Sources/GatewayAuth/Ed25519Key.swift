import COpenSSL

/// One Ed25519 key as an OpenSSL `EVP_PKEY`, parsed once and freed with the last reference.
///
/// OpenSSL 3 allows concurrent signing and verification with one `EVP_PKEY` as long as each
/// operation has its own `EVP_MD_CTX`, which every call here makes; the key itself is never
/// changed after init, so the holder is safely `Sendable`.
final class Ed25519Key: @unchecked Sendable {
    /// Ed25519 signatures are always 64 bytes (RFC 8032 §5.1.6).
    static let signatureLength = 64

    let pointer: OpaquePointer
    let hasPrivateKey: Bool

    private init(pointer: OpaquePointer, hasPrivateKey: Bool) {
        self.pointer = pointer
        self.hasPrivateKey = hasPrivateKey
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A fresh random key pair.
    static func generate() throws(TokenKeyError) -> Ed25519Key {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_name(ED25519) failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw .openSSL("EVP_PKEY_keygen_init failed") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw .openSSL("EVP_PKEY_generate failed") }
        return Ed25519Key(pointer: key, hasPrivateKey: true)
    }

    /// Reads a PKCS#8 private key PEM (`BEGIN PRIVATE KEY`); refuses any key type but Ed25519.
    static func readPrivate(pem: String) throws(TokenKeyError) -> Ed25519Key {
        let key = try readPEM(pem, "private key") { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        return try checked(Ed25519Key(pointer: key, hasPrivateKey: true), "private key")
    }

    /// Reads a SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`); refuses any key type but Ed25519,
    /// so an RSA or EC key in the configuration cannot widen what the verifier accepts.
    static func readPublic(pem: String) throws(TokenKeyError) -> Ed25519Key {
        let key = try readPEM(pem, "public key") { PEM_read_bio_PUBKEY($0, nil, nil, nil) }
        return try checked(Ed25519Key(pointer: key, hasPrivateKey: false), "public key")
    }

    private static func checked(_ key: Ed25519Key, _ what: String) throws(TokenKeyError) -> Ed25519Key {
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_ED25519 else {
            throw TokenKeyError("the \(what) is not an Ed25519 key")
        }
        return key
    }

    /// The 64-byte signature of `message` (PureEdDSA: no prehash, so no digest is named).
    func sign(_ message: UnsafeRawBufferPointer) throws(TokenKeyError) -> [UInt8] {
        precondition(hasPrivateKey, "signing needs a private key")
        ERR_clear_error()
        guard let context = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, pointer) == 1 else { throw .openSSL("EVP_DigestSignInit failed") }
        var signature = [UInt8](repeating: 0, count: Self.signatureLength)
        var length = signature.count
        guard EVP_DigestSign(context, &signature, &length, message.baseAddress, message.count) == 1,
              length == Self.signatureLength else { throw .openSSL("EVP_DigestSign failed") }
        return signature
    }

    /// Whether `signature` is this key's signature of `message`.
    func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == Self.signatureLength else { return false }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            // A refused signature may leave entries on this thread's queue; hostile input
            // must not grow it, and the next unrelated OpenSSL call must not see them.
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, pointer) == 1 else { return false }
        // 1 is a valid signature; 0 a wrong one; negative an error. Only 1 passes.
        return EVP_DigestVerify(
            context, signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
    }

    // MARK: PEM

    /// The private key as unencrypted PKCS#8 PEM.
    func privateKeyPEM() throws(TokenKeyError) -> String {
        precondition(hasPrivateKey, "no private key to write")
        return try writePEM("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
    }

    /// The public key as SubjectPublicKeyInfo PEM.
    func publicKeyPEM() throws(TokenKeyError) -> String {
        try writePEM("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, pointer) }
    }

    private func writePEM(_ function: String, _ write: (OpaquePointer) -> Int32) throws(TokenKeyError) -> String {
        ERR_clear_error()
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL("BIO_new failed") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw .openSSL("\(function) failed") }
        // BIO_get_mem_data is a macro; BIO_ctrl_pending and BIO_read are functions.
        var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
        guard BIO_read(bio, &bytes, Int32(bytes.count)) == bytes.count else { throw .openSSL("BIO_read failed") }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func readPEM(
        _ pem: String, _ what: String, _ read: (OpaquePointer) -> OpaquePointer?
    ) throws(TokenKeyError) -> OpaquePointer {
        ERR_clear_error()
        let bytes = Array(pem.utf8)
        let key: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            // A read-only memory BIO over our bytes: it does not copy, so it must not outlive them.
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
        guard let key else { throw .openSSL("cannot read the \(what) PEM") }
        return key
    }
}
