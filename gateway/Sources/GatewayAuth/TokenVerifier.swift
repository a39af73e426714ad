import Credentials
import ProtoJSON

/// Verifies access tokens at the edge without a call (DESIGN D7): compact JWS with Ed25519
/// only (`alg: EdDSA`, RFC 8037), from the keys it was configured with, chosen by `kid`.
///
/// The algorithm is pinned rather than read from the token, so `none`, HS256 with a public
/// key as the secret, or RS256 are refused before any key is touched. Public keys are parsed
/// once at init. Every refusal is one of `AuthFailure`'s three constants: the client learns
/// the code, never which check failed.
///
/// ```swift
/// let verifier = TokenVerifier(keys: ["2026-01": publicKeyPEM])
/// let claims = try verifier.verify(authorizationHeader: request.headers["authorization"], now: nowSeconds)
/// ```
public struct TokenVerifier: Sendable {
    /// Longer tokens are refused before decoding anything; ours are well under 1 KiB.
    public static let maxTokenLength = 8 * 1024

    /// How far `exp`, `nbf` and `iat` may be off against `now`, in seconds.
    public let clockSkewSeconds: Int64
    /// Key ids whose PEM did not parse as an Ed25519 public key: those ids refuse every token.
    /// `init(checkingKeys:clockSkew:)` throws instead.
    public let unusableKeyIDs: [String]
    let keys: [String: Ed25519Key]

    /// A verifier for `keys` (kid -> SubjectPublicKeyInfo PEM). A PEM that is not an Ed25519
    /// public key leaves its kid out (listed in `unusableKeyIDs`), so a mistake fails closed.
    public init(keys: [String: String], clockSkew: Duration = .seconds(30)) {
        var parsed: [String: Ed25519Key] = [:], unusable: [String] = []
        for (kid, pem) in keys {
            if TokenSigningKey.isValid(kid: kid), let key = try? Ed25519Key.readPublic(pem: pem) {
                parsed[kid] = key
            } else {
                unusable.append(kid)
            }
        }
        self.keys = parsed
        self.unusableKeyIDs = unusable.sorted()
        self.clockSkewSeconds = max(0, clockSkew.components.seconds)
    }

    /// Like `init(keys:clockSkew:)`, but throws for the first key that does not parse: for
    /// startup, where a bad configuration should stop the process.
    public init(checkingKeys keys: [String: String], clockSkew: Duration = .seconds(30)) throws(TokenKeyError) {
        for (kid, pem) in keys.sorted(by: { $0.key < $1.key }) {
            guard TokenSigningKey.isValid(kid: kid) else { throw TokenKeyError("kid \"\(kid)\" is not 1-128 printable ASCII characters") }
            do {
                _ = try Ed25519Key.readPublic(pem: pem)
            } catch {
                throw TokenKeyError("key \"\(kid)\": \(error.message)", openSSLErrors: error.openSSLErrors)
            }
        }
        self.init(keys: keys, clockSkew: clockSkew)
    }

    /// The claims of the bearer token in `authorizationHeader`, checked against `now`
    /// (seconds since the epoch).
    /// - Throws: `AuthFailure.tokenMissing` for no header; `.tokenExpired` when `exp` is at or
    ///   before `now - skew`; `.tokenInvalid` for everything else wrong.
    public func verify(authorizationHeader: String?, now: Int64) throws(AuthFailure) -> AccessTokenClaims {
        try Self.withToken(in: authorizationHeader) { (token) throws(AuthFailure) in
            let claims = try verifySignatureAndClaims(token)
            try Self.checkTimes(claims, now: now, skew: clockSkewSeconds)
            return claims
        }
    }

    /// The claims of a bare token (no `Bearer ` prefix), checked against `now`.
    public func verify(token: String, now: Int64) throws(AuthFailure) -> AccessTokenClaims {
        try Self.withBytes(of: token) { (bytes) throws(AuthFailure) in
            let claims = try verifySignatureAndClaims(bytes)
            try Self.checkTimes(claims, now: now, skew: clockSkewSeconds)
            return claims
        }
    }

    // MARK: Steps

    /// Runs `body` over the token bytes inside a bearer header. Missing or empty: MISSING.
    static func withToken<R>(
        in header: String?, _ body: (UnsafeBufferPointer<UInt8>) throws(AuthFailure) -> R
    ) throws(AuthFailure) -> R {
        guard let header, !header.isEmpty else { throw .tokenMissing }
        // Checked before touching the bytes, so a megabyte header costs nothing.
        guard header.utf8.count <= maxTokenLength + 7 else { throw .tokenInvalid }
        return try withBytes(of: header) { (bytes) throws(AuthFailure) in try body(BearerToken.token(in: bytes)) }
    }

    /// Runs `body` over the UTF-8 of `text` without copying when the string is native.
    private static func withBytes<R>(
        of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(AuthFailure) -> R
    ) throws(AuthFailure) -> R {
        var text = text
        // withUTF8 rethrows untyped; carrying the typed error out in a Result keeps it typed.
        return try text.withUTF8 { bytes in Result { () throws(AuthFailure) in try body(bytes) } }.get()
    }

    /// Everything but the clock: shape, header, key, signature, then the payload's claims.
    /// The payload is parsed only after its signature checks out, so forged JSON is never read.
    func verifySignatureAndClaims(_ token: UnsafeBufferPointer<UInt8>) throws(AuthFailure) -> AccessTokenClaims {
        guard !token.isEmpty, token.count <= Self.maxTokenLength else { throw .tokenInvalid }
        // One pass: every byte is base64url or one of exactly two dots (RFC 7515 §7.1).
        var firstDot = -1, secondDot = -1
        for index in token.indices {
            let byte = token[index]
            if byte == UInt8(ascii: ".") {
                if firstDot < 0 { firstDot = index } else if secondDot < 0 { secondDot = index } else { throw .tokenInvalid }
            } else if !Base64.isCharacter(byte, of: .url) {
                throw .tokenInvalid
            }
        }
        // Three non-empty segments: an empty signature is how `alg: none` tokens end.
        guard firstDot > 0, secondDot > firstDot + 1, secondDot < token.count - 1 else { throw .tokenInvalid }
        let headerText = UnsafeBufferPointer(rebasing: token[..<firstDot])
        let payloadText = UnsafeBufferPointer(rebasing: token[(firstDot + 1)..<secondDot])
        let signatureText = UnsafeBufferPointer(rebasing: token[(secondDot + 1)...])

        let key = try key(forHeader: headerText)
        guard let signature = Base64.decode(bytes: signatureText, alphabet: .url), signature.count == Ed25519Key.signatureLength else {
            throw .tokenInvalid
        }
        let signedPart = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: token[..<secondDot]))
        let valid = signature.withUnsafeBytes { key.verify(signature: $0, message: signedPart) }
        guard valid else { throw .tokenInvalid }

        guard let payloadBytes = Base64.decode(bytes: payloadText, alphabet: .url), let payload = try? JSONParser.parse(payloadBytes) else {
            throw .tokenInvalid
        }
        let claims = try AccessTokenClaims(payload: payload)
        guard claims.iat <= claims.exp else { throw .tokenInvalid }
        return claims
    }

    /// The configured key the JOSE header names. The header must say `alg: EdDSA` exactly,
    /// name a known `kid`, carry `typ` only as JWT, and have no `crit` (RFC 7515 §4.1.11: an
    /// extension we do not implement must make the token invalid).
    private func key(forHeader text: UnsafeBufferPointer<UInt8>) throws(AuthFailure) -> Ed25519Key {
        guard let bytes = Base64.decode(bytes: text, alphabet: .url), case .object(let members)? = try? JSONParser.parse(bytes) else {
            throw .tokenInvalid
        }
        var algorithm: String?, kid: String?, typeSeen = false
        for member in members {
            switch (member.key, member.value) {
            case ("alg", .string(let value)) where algorithm == nil: algorithm = value
            case ("kid", .string(let value)) where kid == nil: kid = value
            case ("typ", .string(let value)) where !typeSeen:
                // RFC 7515 §4.1.9: media type names compare case-insensitively.
                guard value.lowercased() == "jwt" else { throw .tokenInvalid }
                typeSeen = true
            case ("alg", _), ("kid", _), ("typ", _), ("crit", _):
                throw .tokenInvalid  // a duplicate, a wrong type, or a critical extension
            default:
                continue
            }
        }
        guard algorithm == "EdDSA", let kid, let key = keys[kid] else { throw .tokenInvalid }
        return key
    }

    /// The clock rules: expired when `exp <= now - skew`; not yet valid (invalid) when `nbf`
    /// or `iat` is after `now + skew`. Saturating, since `exp` comes from the token.
    static func checkTimes(_ claims: AccessTokenClaims, now: Int64, skew: Int64) throws(AuthFailure) {
        let (late, lateOverflow) = now.addingReportingOverflow(skew)
        let latest = lateOverflow ? Int64.max : late
        let (early, earlyOverflow) = now.subtractingReportingOverflow(skew)
        let earliest = earlyOverflow ? Int64.min : early
        if let nbf = claims.nbf, nbf > latest { throw .tokenInvalid }
        guard claims.iat <= latest else { throw .tokenInvalid }
        guard claims.exp > earliest else { throw .tokenExpired }
    }
}
