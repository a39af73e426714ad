import Credentials
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CertificateAuthority {
    /// Writes a development bundle into `directory`, creating it if needed:
    /// `ca.pem`, `ca.key` (mode 0600), and for each component `<component>.pem` and
    /// `<component>.key` (mode 0600).
    ///
    /// An existing `ca.pem` and `ca.key` in the folder are reused, so certificates issued on
    /// earlier runs stay trusted; component certificates are issued afresh on every call.
    /// Each file is written to a temporary name and renamed, so a reader never sees half a file.
    /// - Returns: the CA used, found or made.
    /// - Throws: `CertificateError`: `.invalidPEM` when only one of `ca.pem`/`ca.key` exists or
    ///   they do not belong together, `.invalidArgument` when the CA found has expired or a
    ///   component name is not valid, `.io` when the folder cannot be written.
    @discardableResult
    public static func writeBundle(
        to directory: URL, components: [String], trustDomain: String = "cerniq.local"
    ) throws -> CertificateAuthority {
        // Check every name before writing anything, so a typo leaves the folder as it was.
        for component in components {
            try validate(component: component, trustDomain: trustDomain)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CertificateError(.io, "cannot create \(directory.path): \(error)")
        }

        let caCertificateURL = directory.appendingPathComponent("ca.pem")
        let caKeyURL = directory.appendingPathComponent("ca.key")
        let authority: CertificateAuthority
        switch (try readIfPresent(caCertificateURL), try readIfPresent(caKeyURL)) {
        case let (certificate?, key?):
            authority = try CertificateAuthority(certificatePEM: certificate, privateKeyPEM: key)
            guard !authority.hasExpired else {
                throw CertificateError(
                    .invalidArgument, "the CA in \(directory.path) has expired: delete the folder to make a new one")
            }
        case (nil, nil):
            authority = try generate()
            try writeFile(authority.privateKeyPEM, to: caKeyURL, mode: 0o600)
            try writeFile(authority.certificatePEM, to: caCertificateURL, mode: 0o644)
        default:
            throw CertificateError(
                .invalidPEM, "\(directory.path) holds only one of ca.pem and ca.key: restore the other or delete both")
        }

        for component in components {
            let issued = try authority.issue(component: component, trustDomain: trustDomain)
            try writeFile(issued.privateKeyPEM, to: directory.appendingPathComponent("\(component).key"), mode: 0o600)
            try writeFile(issued.certificatePEM, to: directory.appendingPathComponent("\(component).pem"), mode: 0o644)
        }
        return authority
    }

    private static func readIfPresent(_ url: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CertificateError(.io, "cannot read \(url.path): \(error)")
        }
    }

    /// Writes `text` over `url` with `mode`, never readable by others nor half written.
    private static func writeFile(_ text: String, to url: URL, mode: mode_t) throws {
        do {
            try PrivateFile.write(text, to: url.path, mode: mode, replacing: true)
        } catch {
            throw CertificateError(.io, error.description)
        }
    }

}
