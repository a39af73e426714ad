import DevCertificates
import Foundation
import RPC

/// Certificates for tests, issued once per test process into a temporary folder:
/// a platform CA with leaves for several components, an expired leaf, and a foreign CA
/// with a leaf of its own (trusted by nobody).
public struct TestCertificates: Sendable {
    public let directory: URL

    /// Components with a valid certificate from the platform CA.
    public static let components = ["testing", "cli", "gateway", "catalog", "intruder"]

    public static let shared: TestCertificates = {
        do { return try TestCertificates() } catch { fatalError("cannot issue test certificates: \(error)") }
    }()

    private init() throws {
        // One folder per process, removed when the process exits (atexit), so runs leave nothing behind.
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cerniq-test-certs-\(getpid())")
        atexit {
            try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("cerniq-test-certs-\(getpid())"))
        }
        let authority = try CertificateAuthority.writeBundle(to: directory, components: Self.components)
        let expired = try authority.issue(component: "expired", validFrom: Date(timeIntervalSinceNow: -7200),
                                          validUntil: Date(timeIntervalSinceNow: -3600))
        try write(expired, as: "expired")
        let foreign = try CertificateAuthority.generate(commonName: "Foreign CA")
        try foreign.certificatePEM.write(to: directory.appendingPathComponent("foreign-ca.pem"), atomically: true, encoding: .utf8)
        try write(try foreign.issue(component: "cli"), as: "foreign-cli")
    }

    private func write(_ certificate: IssuedCertificate, as name: String) throws {
        try certificate.certificatePEM.write(to: directory.appendingPathComponent("\(name).pem"), atomically: true, encoding: .utf8)
        try certificate.privateKeyPEM.write(to: directory.appendingPathComponent("\(name).key"), atomically: true, encoding: .utf8)
    }

    /// TLS material for `name` (a component, `expired` or `foreign-cli`), trusting `trust` (`ca` or `foreign-ca`).
    public func tls(_ name: String, trust: String = "ca", handshakeTimeout: Duration = .seconds(5)) -> TLSConfiguration {
        TLSConfiguration(certificatePath: directory.appendingPathComponent("\(name).pem").path,
                         privateKeyPath: directory.appendingPathComponent("\(name).key").path,
                         trustRootsPath: directory.appendingPathComponent("\(trust).pem").path,
                         handshakeTimeout: handshakeTimeout)
    }
}
