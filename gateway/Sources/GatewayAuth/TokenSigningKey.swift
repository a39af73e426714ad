import Credentials
import ProtoJSON

/// The private half of an access-token key: signs JWTs with Ed25519 (`alg: EdDSA`, RFC 8037).
///
/// ```swift
/// let key = TokenSigningKey.generate(kid: "2026-01")
/// let verifier = TokenVerifier(keys: [key.kid: key.publicKeyPEM])
/// let token = key.sign(claims)
/// ```
///
/// The OpenSSL key is parsed once and shared by copies of the value.
public struct TokenSigningKey: Sendable {
    /// The key id written into every token's header; verifiers look the public key up by it.
    public let kid: String
    /// The public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), for verifiers.
    public let publicKeyPEM: String
    let key: Ed25519Key

    private init(kid: String, key: Ed25519Key) throws(TokenKeyError) {
        self.kid = kid
        self.key = key
        self.publicKeyPEM = try key.publicKeyPEM()
    }

    /// A fresh random key. Stops the process if OpenSSL cannot make an Ed25519 key, which
    /// only a broken or out-of-memory library does.
    public static func generate(kid: String) -> TokenSigningKey {
        precondition(Self.isValid(kid: kid), "a kid is 1-128 printable ASCII characters")
        do {
            return try TokenSigningKey(kid: kid, key: Ed25519Key.generate())
        } catch {
            fatalError("cannot generate an Ed25519 key: \(error)")
        }
    }

    /// Reads a PKCS#8 Ed25519 private key PEM (`BEGIN PRIVATE KEY`), as `pem()` writes it.
    /// - Throws: `TokenKeyError` when the text is not such a key or `kid` is not 1-128
    ///   printable ASCII characters.
    public init(pem: String, kid: String) throws(TokenKeyError) {
        guard Self.isValid(kid: kid) else { throw TokenKeyError("a kid is 1-128 printable ASCII characters") }
        try self.init(kid: kid, key: Ed25519Key.readPrivate(pem: pem))
    }

    /// The private key as unencrypted PKCS#8 PEM. Keep it in a file of mode 0600.
    public func pem() -> String {
        do {
            return try key.privateKeyPEM()
        } catch {
            fatalError("cannot write an Ed25519 key: \(error)")
        }
    }

    /// The compact JWS `header.payload.signature` for `claims`, with header
    /// `{"alg":"EdDSA","typ":"JWT","kid":<kid>}`.
    public func sign(_ claims: AccessTokenClaims) -> String {
        let header: JSONValue = .object([.init("alg", .string("EdDSA")), .init("typ", .string("JWT")), .init("kid", .string(kid))])
        let writer = JSONWriter()
        var signingInput = Array((Base64.encode(writer.write(header), alphabet: .url) + "." + Base64.encode(writer.write(claims.payloadJSON), alphabet: .url)).utf8)
        do {
            let signature = try signingInput.withUnsafeBytes { (input) throws(TokenKeyError) in try key.sign(input) }
            signingInput.append(UInt8(ascii: "."))
            return String(decoding: signingInput, as: UTF8.self) + Base64.encode(signature, alphabet: .url)
        } catch {
            fatalError("Ed25519 signing failed: \(error)")
        }
    }

    /// Whether `kid` may name a key: it travels in every token's header, so keep it short and plain.
    static func isValid(kid: String) -> Bool {
        !kid.isEmpty && kid.utf8.count <= 128 && kid.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
