import COpenSSL
import CShims
import Foundation
import Testing

@testable import DevCertificates

@Suite struct CertificateAuthorityTests {
    @Test func issuedCertificate_verifiesAgainstItsCA_forServerAndClientUse() throws {
        let ca = try CertificateAuthority.generate(commonName: "Test CA")
        let leaf = try ca.issue(component: "catalog")
        #expect(try verificationError(leaf.certificatePEM, trusting: ca.certificatePEM, purpose: X509_PURPOSE_SSL_SERVER) == X509_V_OK)
        #expect(try verificationError(leaf.certificatePEM, trusting: ca.certificatePEM, purpose: X509_PURPOSE_SSL_CLIENT) == X509_V_OK)
    }

    @Test func issuedCertificate_namesSpiffeIDInItsOnlyURISAN_andLoopbackNames() throws {
        let ca = try CertificateAuthority.generate()
        let leaf = try ca.issue(component: "negotiation", trustDomain: "prod.example")
        #expect(leaf.spiffeID == "spiffe://prod.example/negotiation")
        try withCertificate(leaf.certificatePEM) { x509 in
            #expect(cshim_x509_uri_san_count(x509) == 1)
            var buffer = [CChar](repeating: 0, count: 256)
            let length = cshim_x509_uri_san(x509, 0, &buffer, Int32(buffer.count))
            #expect(length == Int32(leaf.spiffeID.utf8.count))
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(text == leaf.spiffeID)
            #expect(X509_check_host(x509, "localhost", 0, 0, nil) == 1)
            #expect(X509_check_ip_asc(x509, "127.0.0.1", 0) == 1)
        }
    }

    @Test func issuedCertificate_isALeafForServerAndClientAuth() throws {
        let ca = try CertificateAuthority.generate()
        let leaf = try ca.issue(component: "gateway")
        try withCertificate(leaf.certificatePEM) { x509 in
            #expect(X509_check_ca(x509) == 0)
            let usage = X509_get_extended_key_usage(x509)
            #expect(usage & UInt32(XKU_SSL_SERVER) != 0)
            #expect(usage & UInt32(XKU_SSL_CLIENT) != 0)
            #expect(X509_get_key_usage(x509) & UInt32(KU_DIGITAL_SIGNATURE) != 0)
        }
    }

    @Test func authority_isSelfSignedCriticalCAForCertificateSigning() throws {
        let ca = try CertificateAuthority.generate(commonName: "Root")
        #expect(try verificationError(ca.certificatePEM, trusting: ca.certificatePEM, purpose: X509_PURPOSE_ANY) == X509_V_OK)
        try withCertificate(ca.certificatePEM) { x509 in
            #expect(X509_check_ca(x509) == 1)
            #expect(X509_get_key_usage(x509) & UInt32(KU_KEY_CERT_SIGN) != 0)
            let index = X509_get_ext_by_NID(x509, NID_basic_constraints, -1)
            #expect(index >= 0)
            #expect(X509_EXTENSION_get_critical(X509_get_ext(x509, index)) == 1)
        }
    }

    @Test func expiredCertificate_failsWithCertHasExpired() throws {
        let ca = try CertificateAuthority.generate()
        let expired = try ca.issue(
            component: "outreach",
            validFrom: Date(timeIntervalSinceNow: -2 * 86400),
            validUntil: Date(timeIntervalSinceNow: -86400))
        #expect(try verificationError(expired.certificatePEM, trusting: ca.certificatePEM) == X509_V_ERR_CERT_HAS_EXPIRED)
    }

    @Test func certificateFromAnotherCA_failsVerification_evenWithTheSameCAName() throws {
        let ours = try CertificateAuthority.generate(commonName: "Cerniq Development CA")
        let theirs = try CertificateAuthority.generate(commonName: "Cerniq Development CA")
        let intruder = try theirs.issue(component: "identity")
        let error = try verificationError(intruder.certificatePEM, trusting: ours.certificatePEM)
        #expect(error != X509_V_OK)
    }

    @Test func serials_areRandomPositive128BitNumbers() throws {
        let ca = try CertificateAuthority.generate()
        var serials: Set<String> = []
        for pem in [ca.certificatePEM, try ca.issue(component: "a").certificatePEM, try ca.issue(component: "a").certificatePEM] {
            try withCertificate(pem) { x509 in
                let number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil)
                defer { BN_free(number) }
                #expect(BN_num_bits(number) <= 128)
                #expect(BN_num_bits(number) > 64)  // fails by chance with probability 2^-64
                #expect(BN_is_negative(number) == 0)
                let hex = BN_bn2hex(number)!
                defer { CRYPTO_free(hex, #fileID, #line) }
                serials.insert(String(cString: hex))
            }
        }
        #expect(serials.count == 3)
    }

    @Test func issue_rejectsNamesThatAreNotSpiffeSegments() throws {
        let ca = try CertificateAuthority.generate()
        for component in ["", "..", "a/b", "a,URI:spiffe://evil/x", "a b"] {
            #expect(throws: CertificateError.self) { try ca.issue(component: component) }
        }
        #expect(throws: CertificateError.self) { try ca.issue(component: "ok", trustDomain: "Upper.Case") }
        #expect(throws: CertificateError.self) {
            try ca.issue(component: "ok", validFrom: Date(), validUntil: Date(timeIntervalSinceNow: -1))
        }
    }

    @Test func init_rejectsKeyOfAnotherCA_withOpenSSLErrorQueue() throws {
        let first = try CertificateAuthority.generate()
        let second = try CertificateAuthority.generate()
        let error = #expect(throws: CertificateError.self) {
            try CertificateAuthority(certificatePEM: first.certificatePEM, privateKeyPEM: second.privateKeyPEM)
        }
        #expect(error?.code == .invalidPEM)
        #expect(error?.openSSLErrors.isEmpty == false)
        #expect(try CertificateAuthority(certificatePEM: first.certificatePEM, privateKeyPEM: first.privateKeyPEM) == first)
    }

    @Test func init_rejectsGarbagePEM_withOpenSSLReason() throws {
        let error = #expect(throws: CertificateError.self) {
            try CertificateAuthority(certificatePEM: "not a certificate", privateKeyPEM: "nor a key")
        }
        #expect(error?.code == .invalidPEM)
        #expect(error?.openSSLErrors.contains { $0.contains("no start line") } == true)
    }
}

// MARK: - Helpers: plain OpenSSL, independent of the module under test

struct PEMParseError: Error {}

/// Parses `pem` into an X509 for the duration of `body`.
func withCertificate<R>(_ pem: String, _ body: (OpaquePointer) throws -> R) throws -> R {
    let bytes = Array(pem.utf8)
    let x509: OpaquePointer? = bytes.withUnsafeBytes { buffer in
        guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
        defer { BIO_free(bio) }
        return PEM_read_bio_X509(bio, nil, nil, nil)
    }
    guard let x509 else { throw PEMParseError() }
    defer { X509_free(x509) }
    return try body(x509)
}

/// Verifies `leafPEM` against a store holding only `caPEM`, as a TLS peer would, and returns
/// `X509_V_OK` or the verification error (`X509_V_ERR_*`).
func verificationError(_ leafPEM: String, trusting caPEM: String, purpose: Int32 = X509_PURPOSE_SSL_SERVER) throws -> Int32 {
    try withCertificate(caPEM) { ca in
        try withCertificate(leafPEM) { leaf in
            let store = X509_STORE_new()!
            defer { X509_STORE_free(store) }
            // The store takes its own reference to the CA certificate.
            #expect(X509_STORE_add_cert(store, ca) == 1)
            let context = X509_STORE_CTX_new()!
            defer { X509_STORE_CTX_free(context) }
            #expect(X509_STORE_CTX_init(context, store, leaf, nil) == 1)
            #expect(X509_STORE_CTX_set_purpose(context, purpose) == 1)
            return X509_verify_cert(context) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(context)
        }
    }
}
