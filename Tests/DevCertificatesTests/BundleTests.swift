import COpenSSL
import Foundation
import Testing

@testable import DevCertificates

@Suite struct BundleTests {
    @Test func writeBundle_writesEveryFile_withPrivateKeysOnlyReadableByOwner() throws {
        try withTemporaryDirectory { directory in
            let folder = directory.appendingPathComponent("certs")
            let ca = try CertificateAuthority.writeBundle(to: folder, components: ["testing", "cli"], trustDomain: "cerniq.local")
            for (name, mode) in [("ca.pem", 0o644), ("ca.key", 0o600), ("testing.pem", 0o644), ("testing.key", 0o600),
                                 ("cli.pem", 0o644), ("cli.key", 0o600)] {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode, "\(name)")
            }
            let leaf = try String(contentsOf: folder.appendingPathComponent("testing.pem"), encoding: .utf8)
            #expect(try verificationError(leaf, trusting: ca.certificatePEM) == X509_V_OK)
            let remaining = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(remaining == ["ca.key", "ca.pem", "cli.key", "cli.pem", "testing.key", "testing.pem"])
        }
    }

    @Test func writeBundle_reusesTheCAAlreadyInTheFolder() throws {
        try withTemporaryDirectory { folder in
            let first = try CertificateAuthority.writeBundle(to: folder, components: ["a"])
            let firstLeaf = try String(contentsOf: folder.appendingPathComponent("a.pem"), encoding: .utf8)
            let second = try CertificateAuthority.writeBundle(to: folder, components: ["a", "b"])
            #expect(second == first)
            #expect(try String(contentsOf: folder.appendingPathComponent("ca.pem"), encoding: .utf8) == first.certificatePEM)
            let secondLeaf = try String(contentsOf: folder.appendingPathComponent("a.pem"), encoding: .utf8)
            #expect(secondLeaf != firstLeaf)
            // Both generations verify: the trust root did not change.
            #expect(try verificationError(firstLeaf, trusting: second.certificatePEM) == X509_V_OK)
            #expect(try verificationError(secondLeaf, trusting: second.certificatePEM) == X509_V_OK)
        }
    }

    @Test func writeBundle_refusesAFolderWithOnlyHalfACA() throws {
        try withTemporaryDirectory { folder in
            try CertificateAuthority.writeBundle(to: folder, components: [])
            try FileManager.default.removeItem(at: folder.appendingPathComponent("ca.key"))
            let error = #expect(throws: CertificateError.self) {
                try CertificateAuthority.writeBundle(to: folder, components: ["a"])
            }
            #expect(error?.code == .invalidPEM)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a.pem").path))
        }
    }

    @Test func writeBundle_rejectsAPathInAComponentName_beforeWritingAnything() throws {
        try withTemporaryDirectory { folder in
            let target = folder.appendingPathComponent("certs")
            #expect(throws: CertificateError.self) {
                try CertificateAuthority.writeBundle(to: target, components: ["ok", "../escape"])
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }
}

func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devcerts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body(directory)
}
