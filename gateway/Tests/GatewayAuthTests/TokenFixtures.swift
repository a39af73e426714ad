import Credentials
import COpenSSL
@testable import GatewayAuth

/// Keys, claims and hand-built tokens shared by the suites. Keys are generated once per
/// process: Ed25519 key generation is cheap, but PEM parsing per test adds nothing.
enum TokenFixtures {
    static let tenant = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
    static let now: Int64 = 1_768_700_000
    static let key = TokenSigningKey.generate(kid: "k1")
    static let otherKey = TokenSigningKey.generate(kid: "k1")
    static let verifier = TokenVerifier(keys: ["k1": key.publicKeyPEM])

    static func claims(iat: Int64 = now, exp: Int64 = now + 900, nbf: Int64? = nil, jti: String = "jti-1") -> AccessTokenClaims {
        AccessTokenClaims(
            sub: "user-1", tenantId: tenant, email: "ana@example.ro", roles: ["sales_rep"], permissions: ["hitl:read"],
            iat: iat, exp: exp, nbf: nbf, jti: jti, sessionId: "s-1")
    }

    /// The members of a valid payload as raw JSON text, in order; tests replace or drop some.
    static let payloadMembers: [(String, String)] = [
        ("sub", #""user-1""#), ("tenantId", "\"\(tenant)\""), ("email", #""ana@example.ro""#),
        ("roles", #"["viewer"]"#), ("permissions", "[]"), ("iat", "\(now)"), ("exp", "\(now + 900)"), ("jti", #""j-9""#),
    ]

    /// A payload with `changes` applied: a nil value removes the member, others replace or append.
    static func payload(_ changes: [String: String?] = [:], extra: [(String, String)] = []) -> String {
        var members = payloadMembers.compactMap { name, value -> (String, String)? in
            guard let change = changes[name] else { return (name, value) }
            return change.map { (name, $0) }
        }
        for (name, value) in changes where !payloadMembers.contains(where: { $0.0 == name }) {
            if let value { members.append((name, value)) }
        }
        members += extra
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static let edHeader = #"{"alg":"EdDSA","typ":"JWT","kid":"k1"}"#

    /// `header.payload.signature` from raw JSON texts, signed with Ed25519 by `signer`
    /// (`key` by default) over the encoded segments, whatever the header claims.
    static func token(header: String = edHeader, payload: String, signer: TokenSigningKey = key) -> String {
        let input = b64(header) + "." + b64(payload)
        let signature = try! Array(input.utf8).withUnsafeBytes { try signer.key.sign($0) }
        return input + "." + Base64.encode(signature, alphabet: .url)
    }

    static func b64(_ text: String) -> String { Base64.encode(Array(text.utf8), alphabet: .url) }

    /// HMAC-SHA256 of `data` with `secret`, for the algorithm-confusion token.
    static func hmacSHA256(secret: [UInt8], data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), secret, Int32(secret.count), data, data.count, &output, &length)
        return Array(output.prefix(Int(length)))
    }

    static func bearer(_ token: String) -> String { "Bearer \(token)" }

    /// The failure `body` throws, or nil when it returns.
    static func failure(_ body: () throws(AuthFailure) -> AccessTokenClaims) -> AuthFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    static func verify(_ header: String?, now: Int64 = now, with verifier: TokenVerifier = verifier) -> AuthFailure? {
        failure { () throws(AuthFailure) in try verifier.verify(authorizationHeader: header, now: now) }
    }
}
