import COpenSSL
import Foundation

/// The OpenSSL 3 calls behind `CertificateAuthority`: key generation, certificate building and
/// signing, and PEM in and out. Every function returns owned pointers the caller frees
/// (`EVP_PKEY_free`, `X509_free`) and frees everything else it made before returning.
enum X509Factory {
    /// A fresh ECDSA key on P-256 (prime256v1).
    static func makeP256Key() throws -> OpaquePointer {
        // EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen, which Swift cannot call;
        // the explicit context calls below are what it expands to.
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw CertificateError.openSSL("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw CertificateError.openSSL("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else {
            throw CertificateError.openSSL("EVP_PKEY_CTX_set_group_name")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw CertificateError.openSSL("EVP_PKEY_generate") }
        return key
    }

    /// What a certificate says about its subject, apart from the key.
    struct Profile {
        var commonName: String
        var validFrom: Date
        var validUntil: Date
        /// X509v3 extensions as (NID, OpenSSL config value), added in order.
        var extensions: [(nid: Int32, value: String)]
    }

    /// Builds a v3 certificate for `subjectKey` and signs it with SHA-256.
    ///
    /// With `issuer` nil the certificate is self-signed: its issuer is its own subject and
    /// `signingKey` must be `subjectKey`.
    static func makeCertificate(
        profile: Profile, subjectKey: OpaquePointer, issuer: OpaquePointer?, signingKey: OpaquePointer
    ) throws -> OpaquePointer {
        guard let x509 = X509_new() else { throw CertificateError.openSSL("X509_new") }
        var done = false
        defer { if !done { X509_free(x509) } }

        // Version field value 2 means X.509 v3, the version that carries extensions.
        guard X509_set_version(x509, 2) == 1 else { throw CertificateError.openSSL("X509_set_version") }
        try setRandomSerial(x509)
        try setValidity(x509, from: profile.validFrom, until: profile.validUntil)

        let subject = try makeName(commonName: profile.commonName)
        defer { X509_NAME_free(subject) }
        guard X509_set_subject_name(x509, subject) == 1 else { throw CertificateError.openSSL("X509_set_subject_name") }
        let issuerName = issuer.map { X509_get_subject_name($0) } ?? subject
        guard X509_set_issuer_name(x509, issuerName) == 1 else { throw CertificateError.openSSL("X509_set_issuer_name") }
        guard X509_set_pubkey(x509, subjectKey) == 1 else { throw CertificateError.openSSL("X509_set_pubkey") }

        // The context tells extension builders where to find the subject's key (for
        // subjectKeyIdentifier=hash) and the issuer's (for authorityKeyIdentifier=keyid).
        // A zeroed struct is what X509V3_set_ctx_nodb would leave: no config database.
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer ?? x509, x509, nil, nil, 0)
        for (nid, value) in profile.extensions {
            guard let extensionObject = X509V3_EXT_nconf_nid(nil, &context, nid, value) else {
                throw CertificateError.openSSL("X509V3_EXT_nconf_nid(\(String(cString: OBJ_nid2sn(nid))), \(value))")
            }
            defer { X509_EXTENSION_free(extensionObject) }
            guard X509_add_ext(x509, extensionObject, -1) == 1 else { throw CertificateError.openSSL("X509_add_ext") }
        }

        // X509_sign returns the signature's length, 0 on failure.
        guard X509_sign(x509, signingKey, EVP_sha256()) > 0 else { throw CertificateError.openSSL("X509_sign") }
        done = true
        return x509
    }

    /// A random, positive 128-bit serial (RFC 5280 §4.1.2.2 allows up to 20 octets).
    private static func setRandomSerial(_ x509: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw CertificateError.openSSL("RAND_bytes") }
        if bytes.allSatisfy({ $0 == 0 }) { bytes[15] = 1 }  // a serial must not be zero
        // BN_bin2bn reads unsigned big-endian bytes, so the integer is always positive.
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw CertificateError.openSSL("BN_bin2bn") }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw CertificateError.openSSL("BN_to_ASN1_INTEGER")
        }
    }

    private static func setValidity(_ x509: OpaquePointer, from: Date, until: Date) throws {
        guard until > from else {
            throw CertificateError(.invalidArgument, "validUntil (\(until)) must be after validFrom (\(from))")
        }
        // ASN1_TIME_set picks UTCTime before 2050 and GeneralizedTime after, as RFC 5280 requires.
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(from.timeIntervalSince1970.rounded(.down))) != nil else {
            throw CertificateError.openSSL("ASN1_TIME_set(notBefore)")
        }
        guard ASN1_TIME_set(X509_getm_notAfter(x509), time_t(until.timeIntervalSince1970.rounded(.down))) != nil else {
            throw CertificateError.openSSL("ASN1_TIME_set(notAfter)")
        }
    }

    private static func makeName(commonName: String) throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw CertificateError.openSSL("X509_NAME_new") }
        for (field, value) in [("O", "Cerniq development"), ("CN", commonName)] {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                X509_NAME_free(name)
                throw CertificateError.openSSL("X509_NAME_add_entry_by_txt(\(field))")
            }
        }
        return name
    }

    // MARK: PEM

    static func pem(ofCertificate x509: OpaquePointer) throws -> String {
        try writingPEM("PEM_write_bio_X509") { PEM_write_bio_X509($0, x509) }
    }

    /// The key as unencrypted PKCS#8 (`BEGIN PRIVATE KEY`), which every TLS stack reads.
    static func pem(ofPrivateKey key: OpaquePointer) throws -> String {
        try writingPEM("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    static func readCertificate(pem: String) throws -> OpaquePointer {
        try readingPEM(pem, "PEM_read_bio_X509") { PEM_read_bio_X509($0, nil, nil, nil) }
    }

    static func readPrivateKey(pem: String) throws -> OpaquePointer {
        try readingPEM(pem, "PEM_read_bio_PrivateKey") { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
    }

    private static func writingPEM(_ function: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CertificateError.openSSL("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw CertificateError.openSSL(function) }
        // BIO_get_mem_data is a macro; BIO_ctrl_pending and BIO_read are functions.
        var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
        let read = BIO_read(bio, &bytes, Int32(bytes.count))
        guard read == bytes.count else { throw CertificateError.openSSL("BIO_read") }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func readingPEM(
        _ pem: String, _ function: String, _ read: (OpaquePointer) -> OpaquePointer?
    ) throws -> OpaquePointer {
        let bytes = Array(pem.utf8)
        return try bytes.withUnsafeBytes { buffer in
            // A read-only memory BIO over our bytes: it does not copy, so it must not outlive them.
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw CertificateError.openSSL("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            guard let object = read(bio) else { throw CertificateError.openSSL(function, code: .invalidPEM) }
            return object
        }
    }
}
