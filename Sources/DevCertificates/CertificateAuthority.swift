import COpenSSL
import Foundation

/// A development certificate authority: an ECDSA P-256 key and its self-signed certificate,
/// which issues each component's certificate for mutual TLS (DESIGN D4).
///
/// ```swift
/// let ca = try CertificateAuthority.generate(commonName: "Cerniq Development CA")
/// let catalog = try ca.issue(component: "catalog")
/// // catalog.spiffeID == "spiffe://cerniq.local/catalog"
/// ```
///
/// The value holds PEM text only, so it is `Sendable` and owns no OpenSSL object; each call
/// parses what it needs and frees it before returning.
public struct CertificateAuthority: Sendable, Hashable {
    /// The CA certificate, PEM (`BEGIN CERTIFICATE`): the trust root every component loads.
    public let certificatePEM: String
    /// The CA's private key, unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    public let privateKeyPEM: String

    /// Wraps an existing CA, checking that both PEMs parse, that the key is the certificate's,
    /// and that the certificate is a CA. Throws `CertificateError` with `.invalidPEM` otherwise.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        ERR_clear_error()
        let certificate = try X509Factory.readCertificate(pem: certificatePEM)
        defer { X509_free(certificate) }
        let key = try X509Factory.readPrivateKey(pem: privateKeyPEM)
        defer { EVP_PKEY_free(key) }
        guard X509_check_private_key(certificate, key) == 1 else {
            throw CertificateError.openSSL("X509_check_private_key", code: .invalidPEM)
        }
        // X509_check_ca returns 1 for a CA with basicConstraints CA:TRUE, 0 for a leaf.
        guard X509_check_ca(certificate) == 1 else {
            throw CertificateError(.invalidPEM, "the certificate is not a CA (basicConstraints CA:TRUE missing)")
        }
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    private init(validatedCertificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = validatedCertificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Makes a new CA with a fresh P-256 key and a self-signed certificate.
    ///
    /// The certificate carries basicConstraints `critical,CA:TRUE,pathlen:0` (it can sign leaves
    /// but no intermediate CA) and keyUsage `critical,keyCertSign,cRLSign`.
    /// - Throws: `CertificateError` with OpenSSL's error queue when a call fails.
    public static func generate(
        commonName: String = "Cerniq Development CA",
        validFrom: Date = Date(timeIntervalSinceNow: -3600),
        validUntil: Date = Date(timeIntervalSinceNow: 10 * 365 * 86400)
    ) throws -> CertificateAuthority {
        ERR_clear_error()
        let key = try X509Factory.makeP256Key()
        defer { EVP_PKEY_free(key) }
        let profile = X509Factory.Profile(
            commonName: commonName, validFrom: validFrom, validUntil: validUntil,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
            ])
        let certificate = try X509Factory.makeCertificate(profile: profile, subjectKey: key, issuer: nil, signingKey: key)
        defer { X509_free(certificate) }
        return CertificateAuthority(
            validatedCertificatePEM: try X509Factory.pem(ofCertificate: certificate),
            privateKeyPEM: try X509Factory.pem(ofPrivateKey: key))
    }

    /// Issues a certificate for one component, with a fresh P-256 key.
    ///
    /// Its subjectAltName holds `URI:spiffe://<trustDomain>/<component>`, `DNS:localhost` and
    /// `IP:127.0.0.1`; extendedKeyUsage allows both serverAuth and clientAuth, since every
    /// process is a server to some peers and a client of others.
    /// - Parameters:
    ///   - component: the SPIFFE path segment, such as `catalog`: letters, digits, `.`, `_`, `-`.
    ///   - trustDomain: lower-case letters, digits, `.`, `_`, `-` (the SPIFFE ID spec's set).
    ///   - validFrom: notBefore; an hour ago by default, to tolerate clock skew between hosts.
    ///   - validUntil: notAfter; a year from now by default. Tests pass past dates for an
    ///     already-expired certificate.
    /// - Throws: `CertificateError` with `.invalidArgument` for a bad name or period, or with
    ///   OpenSSL's error queue when a call fails.
    public func issue(
        component: String,
        trustDomain: String = "cerniq.local",
        validFrom: Date = Date(timeIntervalSinceNow: -3600),
        validUntil: Date = Date(timeIntervalSinceNow: 365 * 86400)
    ) throws -> IssuedCertificate {
        try Self.validate(component: component, trustDomain: trustDomain)
        let spiffeID = "spiffe://\(trustDomain)/\(component)"

        ERR_clear_error()
        let caCertificate = try X509Factory.readCertificate(pem: certificatePEM)
        defer { X509_free(caCertificate) }
        let caKey = try X509Factory.readPrivateKey(pem: privateKeyPEM)
        defer { EVP_PKEY_free(caKey) }
        let key = try X509Factory.makeP256Key()
        defer { EVP_PKEY_free(key) }

        let profile = X509Factory.Profile(
            commonName: component, validFrom: validFrom, validUntil: validUntil,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                // ECDSA keys sign the TLS 1.3 handshake; they never encrypt a key.
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth,clientAuth"),
                // validate() keeps commas out of both names, so this list cannot grow an entry.
                (NID_subject_alt_name, "URI:\(spiffeID),DNS:localhost,IP:127.0.0.1"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ])
        let certificate = try X509Factory.makeCertificate(
            profile: profile, subjectKey: key, issuer: caCertificate, signingKey: caKey)
        defer { X509_free(certificate) }
        return IssuedCertificate(
            component: component,
            spiffeID: spiffeID,
            certificatePEM: try X509Factory.pem(ofCertificate: certificate),
            privateKeyPEM: try X509Factory.pem(ofPrivateKey: key))
    }

    /// Rejects names that are not a SPIFFE trust domain and path segment. The component also
    /// names files in a bundle folder, so this is what keeps `../` out of those paths.
    static func validate(component: String, trustDomain: String) throws {
        let segment = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let domain = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard !component.isEmpty, component.count <= 64, component != ".", component != "..",
            component.allSatisfy(segment.contains)
        else {
            throw CertificateError(.invalidArgument, "component \"\(component)\" must be 1-64 of [A-Za-z0-9._-]")
        }
        guard !trustDomain.isEmpty, trustDomain.count <= 255, trustDomain.allSatisfy(domain.contains) else {
            throw CertificateError(.invalidArgument, "trust domain \"\(trustDomain)\" must be 1-255 of [a-z0-9._-]")
        }
    }
}

extension CertificateAuthority {
    /// Whether the CA certificate's notAfter is in the past.
    var hasExpired: Bool {
        guard let certificate = try? X509Factory.readCertificate(pem: certificatePEM) else { return true }
        defer { X509_free(certificate) }
        // X509_cmp_current_time: -1 when the time is before now, 0 on error.
        return X509_cmp_current_time(X509_get0_notAfter(certificate)) <= 0
    }
}
