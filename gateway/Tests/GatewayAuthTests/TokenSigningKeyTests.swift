import COpenSSL
import Credentials
import Foundation
import Testing
@testable import GatewayAuth

@Suite struct TokenSigningKeyTests {
    typealias F = TokenFixtures

    /// The public key PEM of a fresh OpenSSL key of `type` ("EC" on P-256, or "X25519").
    static func foreignPublicKeyPEM(_ type: String) throws -> String {
        let context = try #require(EVP_PKEY_CTX_new_from_name(nil, type, nil))
        defer { EVP_PKEY_CTX_free(context) }
        #expect(EVP_PKEY_keygen_init(context) == 1)
        if type == "EC" { #expect(EVP_PKEY_CTX_set_group_name(context, "P-256") == 1) }
        var key: OpaquePointer?
        #expect(EVP_PKEY_generate(context, &key) == 1)
        defer { EVP_PKEY_free(key) }
        let bio = try #require(BIO_new(BIO_s_mem()))
        defer { BIO_free(bio) }
        #expect(PEM_write_bio_PUBKEY(bio, key) == 1)
        var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
        _ = BIO_read(bio, &bytes, Int32(bytes.count))
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func roundTripsThroughPKCS8PEM() throws {
        let pem = F.key.pem()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(F.key.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let reread = try TokenSigningKey(pem: pem, kid: "k1")
        #expect(reread.publicKeyPEM == F.key.publicKeyPEM)
        #expect(F.verify(F.bearer(reread.sign(F.claims()))) == nil)
    }

    @Test func writesTheHeaderWithAlgTypAndKid() throws {
        let token = F.key.sign(F.claims())
        let header = try #require(token.split(separator: ".").first)
        let bytes = try #require(String(header).utf8.withContiguousStorageIfAvailable { Base64.decode(bytes: $0, alphabet: .url) } ?? nil)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"alg":"EdDSA","typ":"JWT","kid":"k1"}"#)
    }

    @Test func refusesPEMsThatAreNotEd25519Keys() throws {
        #expect(throws: TokenKeyError.self) { try TokenSigningKey(pem: "not a key", kid: "k") }
        #expect(throws: TokenKeyError.self) { try TokenSigningKey(pem: F.key.publicKeyPEM, kid: "k") }
        #expect(throws: TokenKeyError.self) { try TokenSigningKey(pem: F.key.pem(), kid: "") }
        #expect(throws: TokenKeyError.self) { try TokenSigningKey(pem: F.key.pem(), kid: "a b") }
    }

    @Test func verifierLeavesOutKeysThatAreNotEd25519PublicKeys() throws {
        let ec = try Self.foreignPublicKeyPEM("EC"), x25519 = try Self.foreignPublicKeyPEM("X25519")
        let verifier = TokenVerifier(keys: ["k1": F.key.publicKeyPEM, "ec": ec, "x": x25519, "priv": F.key.pem(), "junk": "x"])
        #expect(verifier.unusableKeyIDs == ["ec", "junk", "priv", "x"])
        #expect(F.verify(F.bearer(F.key.sign(F.claims())), with: verifier) == nil)
        #expect(throws: TokenKeyError.self) { try TokenVerifier(checkingKeys: ["k1": F.key.publicKeyPEM, "ec": ec]) }
        let checked = try TokenVerifier(checkingKeys: ["k1": F.key.publicKeyPEM])
        #expect(checked.unusableKeyIDs.isEmpty)
    }

    @Test func selectsTheKeyByKid_amongSeveral() {
        let second = TokenSigningKey.generate(kid: "k2")
        let verifier = TokenVerifier(keys: ["k1": F.key.publicKeyPEM, "k2": second.publicKeyPEM])
        #expect(F.verify(F.bearer(F.key.sign(F.claims())), with: verifier) == nil)
        #expect(F.verify(F.bearer(second.sign(F.claims())), with: verifier) == nil)
        // k2's signature presented under kid k1 is refused.
        let crossed = F.token(header: #"{"alg":"EdDSA","kid":"k1"}"#, payload: F.payload(), signer: second)
        #expect(F.verify(F.bearer(crossed), with: verifier) == .tokenInvalid)
    }

    @Test func writesKeyFilesPrivately_andNeverReplacesThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-auth-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TokenSigningKey.ensureDevelopmentKey(in: directory))
        let privatePath = directory + "/token-signing.pem", publicPath = directory + "/token-signing.pub.pem"
        let mode = try #require(FileManager.default.attributesOfItem(atPath: privatePath)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let first = try String(contentsOfFile: privatePath, encoding: .utf8)
        #expect(try TokenSigningKey.ensureDevelopmentKey(in: directory) == false)
        #expect(try String(contentsOfFile: privatePath, encoding: .utf8) == first)
        // A lost public file is rewritten from the private key.
        try FileManager.default.removeItem(atPath: publicPath)
        #expect(try TokenSigningKey.ensureDevelopmentKey(in: directory) == false)
        let key = try TokenSigningKey.read(privateKeyPath: privatePath, kid: "dev")
        #expect(try String(contentsOfFile: publicPath, encoding: .utf8) == key.publicKeyPEM)
        #expect(throws: TokenKeyError.self) { try F.key.write(privateKeyTo: privatePath, publicKeyTo: directory + "/other.pub.pem") }
        #expect(try String(contentsOfFile: privatePath, encoding: .utf8) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["token-signing.pem", "token-signing.pub.pem"])
    }
}
