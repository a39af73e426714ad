import Credentials
import Foundation
import Testing
@testable import GatewayAuth

@Suite struct TokenVerifierTests {
    typealias F = TokenFixtures
    let invalid = AuthFailure.tokenInvalid

    @Test func returnsTheSignedClaims_forATokenItSigned() throws {
        let claims = F.claims(nbf: F.now - 5)
        let verified = try F.verifier.verify(authorizationHeader: F.bearer(F.key.sign(claims)), now: F.now)
        #expect(verified == claims)
        #expect(verified.sessionId == "s-1")
        #expect(try F.verifier.verify(token: F.key.sign(claims), now: F.now) == claims)
    }

    @Test func acceptsTheSchemeInAnyCase_andATokenWithoutTyp() throws {
        let token = F.key.sign(F.claims())
        #expect(F.verify("bEARER \(token)") == nil)
        #expect(F.verify(F.bearer(F.token(header: #"{"alg":"EdDSA","kid":"k1"}"#, payload: F.payload()))) == nil)
        #expect(F.verify(F.bearer(F.token(header: #"{"kid":"k1","alg":"EdDSA","typ":"jwt"}"#, payload: F.payload()))) == nil)
    }

    @Test func defaultsOptionalClaims_whenAbsent() throws {
        let token = F.token(payload: F.payload(["email": nil, "roles": nil, "permissions": nil]))
        let claims = try F.verifier.verify(authorizationHeader: F.bearer(token), now: F.now)
        #expect(claims.email == "" && claims.roles.isEmpty && claims.permissions.isEmpty && claims.nbf == nil && claims.sessionId == nil)
    }

    // MARK: Missing and malformed headers

    @Test func reportsMissing_forNoHeaderOrAnEmptyOne() {
        #expect(F.verify(nil) == .tokenMissing)
        #expect(F.verify("") == .tokenMissing)
    }

    @Test func refusesHeaders_thatAreNotOneBearerToken() {
        let token = F.key.sign(F.claims())
        for header in ["Bearer", "Bearer ", "Basic \(token)", "Bearer  \(token)", "Bearer \(token) ", " Bearer \(token)",
                       "Bearer\t\(token)", "Bearer \(token) extra", "Token \(token)", token] {
            #expect(F.verify(header) == invalid, "\(header.prefix(20))")
        }
    }

    @Test func refusesTokens_thatAreNotThreeBase64URLSegments() {
        let token = F.key.sign(F.claims())
        let parts = token.split(separator: ".").map(String.init)
        let cases = [
            ".", "..", "...", "a.b", "\(parts[0]).\(parts[1])", "\(parts[0]).\(parts[1]).", "\(token).", "\(token).\(parts[2])",
            ".\(parts[1]).\(parts[2])", "\(parts[0])..\(parts[2])",
            token.replacingOccurrences(of: "-", with: "+"), "\(parts[0])=.\(parts[1]).\(parts[2])",
            "\(parts[0]).\(parts[1]).\(parts[2])==", "\(parts[0]).\(parts[1]) .\(parts[2])", "\(parts[0]).\(parts[1]).\(parts[2])é",
        ]
        for candidate in cases where candidate != token {
            #expect(F.verify(F.bearer(candidate)) == invalid, "\(candidate.prefix(40))")
        }
    }

    @Test func refusesNonCanonicalBase64URL_inTheSignature() {
        // 64 bytes encode as 86 characters: the last holds 2 unused bits, which must be zero.
        let token = F.key.sign(F.claims())
        let last = token.last!
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: last)!
        let sibling = alphabet[(index & ~3) + ((index + 1) & 3)]
        #expect(F.verify(F.bearer(String(token.dropLast()) + String(sibling))) == invalid)
    }

    @Test func refusesAHugeToken_onItsLengthAlone() {
        let huge = String(repeating: "A", count: 1 << 20)
        #expect(F.verify(F.bearer("\(huge).\(huge).\(huge)")) == invalid)
        let justOver = String(repeating: "A", count: TokenVerifier.maxTokenLength - 3) + ".A.A"
        #expect(F.verify(F.bearer(justOver)) == invalid)
    }

    // MARK: The algorithm is pinned

    @Test func refusesAlgNone_withAndWithoutASignature() {
        let header = F.b64(#"{"alg":"none","typ":"JWT","kid":"k1"}"#), payload = F.b64(F.payload())
        #expect(F.verify(F.bearer("\(header).\(payload)")) == invalid)
        #expect(F.verify(F.bearer("\(header).\(payload).")) == invalid)
        #expect(F.verify(F.bearer(F.token(header: #"{"alg":"none","kid":"k1"}"#, payload: F.payload()))) == invalid)
        #expect(F.verify(F.bearer(F.token(header: #"{"alg":"None","kid":"k1"}"#, payload: F.payload()))) == invalid)
    }

    @Test func refusesHS256_signedWithThePublicKeyPEMAsSecret() {
        let input = F.b64(#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#) + "." + F.b64(F.payload())
        let mac = F.hmacSHA256(secret: Array(F.key.publicKeyPEM.utf8), data: Array(input.utf8))
        #expect(mac.count == 32)
        #expect(F.verify(F.bearer(input + "." + Base64.encode(mac, alphabet: .url))) == invalid)
        // Even with the EdDSA header the 32-byte MAC is not a signature.
        let edInput = F.b64(F.edHeader) + "." + F.b64(F.payload())
        let edMac = F.hmacSHA256(secret: Array(F.key.publicKeyPEM.utf8), data: Array(edInput.utf8))
        #expect(F.verify(F.bearer(edInput + "." + Base64.encode(edMac, alphabet: .url))) == invalid)
    }

    @Test func refusesOtherAlgorithms_evenWithAValidEd25519Signature() {
        for alg in ["RS256", "ES256", "HS256", "PS256", "Ed25519", "eddsa", "EdDSA "] {
            let token = F.token(header: #"{"alg":"\#(alg)","typ":"JWT","kid":"k1"}"#, payload: F.payload())
            #expect(F.verify(F.bearer(token)) == invalid, "\(alg)")
        }
    }

    @Test func refusesUnknownOrMissingKid_andBadHeaders() {
        let headers = [
            #"{"alg":"EdDSA","typ":"JWT","kid":"k2"}"#, #"{"alg":"EdDSA","typ":"JWT"}"#, #"{"alg":"EdDSA","kid":1}"#,
            #"{"alg":"EdDSA","kid":""}"#, #"{"alg":"EdDSA","kid":"k1","typ":"JOSE"}"#, #"{"alg":"EdDSA","kid":"k1","typ":1}"#,
            #"{"alg":"EdDSA","kid":"k1","crit":["exp"]}"#, #"{"alg":"EdDSA","kid":"k1","alg":"none"}"#,
            #"{"alg":"EdDSA","kid":"k2","kid":"k1"}"#, #"{"kid":"k1"}"#, #"["EdDSA"]"#, "{", "",
        ]
        for header in headers {
            #expect(F.verify(F.bearer(F.token(header: header, payload: F.payload()))) == invalid, "\(header)")
        }
    }

    // MARK: Signature

    @Test func refusesATamperedPayload_withTheOriginalSignature() {
        let token = F.token(payload: F.payload())
        let parts = token.split(separator: ".").map(String.init)
        let forged = F.b64(F.payload(["roles": #"["admin"]"#]))
        #expect(F.verify(F.bearer("\(parts[0]).\(forged).\(parts[2])")) == invalid)
        let otherTenant = F.b64(F.payload(["tenantId": #""00000000-0000-0000-0000-000000000001""#]))
        #expect(F.verify(F.bearer("\(parts[0]).\(otherTenant).\(parts[2])")) == invalid)
    }

    @Test func refusesASignatureFromAnotherKey_underTheSameKid() {
        #expect(F.verify(F.bearer(F.otherKey.sign(F.claims()))) == invalid)
    }

    @Test func refusesATruncatedOrFlippedSignature() {
        let token = F.key.sign(F.claims())
        #expect(F.verify(F.bearer(String(token.dropLast(4)))) == invalid)
        var bytes = Array(token.utf8)
        let position = bytes.count - 10
        bytes[position] = bytes[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(F.verify(F.bearer(String(decoding: bytes, as: UTF8.self))) == invalid)
    }

    // MARK: Clock

    @Test func expiresExactlyAtExpPlusSkew() {
        let token = F.bearer(F.key.sign(F.claims(iat: F.now - 900, exp: F.now)))
        #expect(F.verify(token, now: F.now) == nil)
        #expect(F.verify(token, now: F.now + 29) == nil)
        #expect(F.verify(token, now: F.now + 30) == .tokenExpired)
        #expect(F.verify(token, now: F.now + 1_000_000) == .tokenExpired)
        let strict = TokenVerifier(keys: ["k1": F.key.publicKeyPEM], clockSkew: .zero)
        #expect(F.verify(token, now: F.now - 1, with: strict) == nil)
        #expect(F.verify(token, now: F.now, with: strict) == .tokenExpired)
    }

    @Test func refusesNotBefore_beyondTheSkewOnly() {
        let within = F.bearer(F.key.sign(F.claims(nbf: F.now + 30)))
        let beyond = F.bearer(F.key.sign(F.claims(nbf: F.now + 31)))
        #expect(F.verify(within) == nil)
        #expect(F.verify(beyond) == invalid)
        #expect(F.verify(beyond, now: F.now + 1) == nil)
    }

    @Test func refusesIssuedAt_inTheFutureBeyondTheSkew() {
        #expect(F.verify(F.bearer(F.key.sign(F.claims(iat: F.now + 30, exp: F.now + 900)))) == nil)
        #expect(F.verify(F.bearer(F.key.sign(F.claims(iat: F.now + 31, exp: F.now + 900)))) == invalid)
        #expect(F.verify(F.bearer(F.key.sign(F.claims(iat: F.now, exp: F.now - 1)))) == invalid)
    }

    @Test func survivesExtremeTimes_withoutOverflow() {
        let far = F.bearer(F.token(payload: F.payload(["exp": "\(Int64.max)", "nbf": "\(Int64.min)"])))
        #expect(F.verify(far, now: F.now) == nil)
        #expect(F.verify(far, now: Int64.max) == nil)
        #expect(F.verify(far, now: Int64.min) == invalid)  // iat is after Int64.min + skew
    }

    // MARK: Claims

    @Test func refusesMissingRequiredClaims() {
        for name in ["sub", "tenantId", "iat", "exp", "jti"] {
            #expect(F.verify(F.bearer(F.token(payload: F.payload([name: nil])))) == invalid, "\(name)")
        }
    }

    @Test func refusesATenantIdThatIsNotAUUID() {
        for tenant in ["acme", "", "3f2b8c1e9a4d4e6f8b7a1c2d3e4f5a6b", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6", "{3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b}",
                       "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6g", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6bb"] {
            #expect(F.verify(F.bearer(F.token(payload: F.payload(["tenantId": "\"\(tenant)\""])))) == invalid, "\(tenant)")
        }
        #expect(F.verify(F.bearer(F.token(payload: F.payload(["tenantId": #""3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B""#])))) == nil)
    }

    @Test func refusesClaimsOfTheWrongType() {
        let changes: [(String, String)] = [
            ("sub", "1"), ("sub", #""""#), ("sub", "null"), ("tenantId", "[]"), ("email", "false"), ("roles", #""admin""#),
            ("roles", #"["admin",1]"#), ("permissions", #"{"a":1}"#), ("iat", #""1768700000""#), ("exp", "1768700900.5"),
            ("exp", "1.7687009e9"), ("exp", "99999999999999999999"), ("nbf", "null"), ("jti", "7"), ("sid", "[]"),
        ]
        for (name, value) in changes {
            #expect(F.verify(F.bearer(F.token(payload: F.payload([name: value])))) == invalid, "\(name)=\(value)")
        }
    }

    @Test func refusesDuplicatedClaims_andPayloadsThatAreNotObjects() {
        #expect(F.verify(F.bearer(F.token(payload: F.payload(extra: [("exp", "\(F.now + 99_999)")])))) == invalid)
        #expect(F.verify(F.bearer(F.token(payload: F.payload(extra: [("tenantId", #""00000000-0000-0000-0000-000000000001""#)])))) == invalid)
        for payload in ["[]", "null", "\"x\"", "{", F.payload() + " x"] {
            #expect(F.verify(F.bearer(F.token(payload: payload))) == invalid, "\(payload)")
        }
    }

    @Test func ignoresUnknownClaims() {
        #expect(F.verify(F.bearer(F.token(payload: F.payload(extra: [("aud", #"["x"]"#), ("x", "{}"), ("x", "1")])))) == nil)
    }

    @Test func failureMessages_areTheSeedsWording() {
        #expect(AuthFailure.tokenMissing.message == "Authorization token required")
        #expect(AuthFailure.tokenInvalid.message == "Invalid authentication token")
        #expect(AuthFailure.tokenExpired.message == "Authentication token has expired")
        #expect(AuthFailure.permissionDenied.code == "AUTHZ_PERMISSION_DENIED")
    }
}
