/// A component's certificate and key, issued by a `CertificateAuthority`.
public struct IssuedCertificate: Sendable, Hashable {
    /// The component the certificate names, such as `catalog`.
    public let component: String
    /// The identity in the certificate's URI SAN: `spiffe://<trust-domain>/<component>`.
    public let spiffeID: String
    /// The certificate, PEM (`BEGIN CERTIFICATE`).
    public let certificatePEM: String
    /// The private key, unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    public let privateKeyPEM: String
}
