/// The mutual-TLS material of one process (DESIGN D4): its certificate and key, issued
/// by the platform's internal CA, and the CA it trusts for its peers.
public struct TLSConfiguration: Sendable {
    /// PEM file with this process's certificate (chain first).
    public var certificatePath: String
    /// PEM file with the certificate's private key.
    public var privateKeyPath: String
    /// PEM file with the CA certificates peers must chain to.
    public var trustRootsPath: String
    /// How long a TLS handshake may take before the connection is dropped.
    public var handshakeTimeout: Duration

    public init(certificatePath: String, privateKeyPath: String, trustRootsPath: String,
                handshakeTimeout: Duration = .seconds(5)) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.trustRootsPath = trustRootsPath
        self.handshakeTimeout = handshakeTimeout
    }
}
