import Foundation
import GatewayAuth
import GatewayHTTP
import Synchronization

/// Access tokens verified at the edge with no call (DESIGN D7): signature with a pinned
/// algorithm and configured keys, expiry with bounded skew, through a cache of verified tokens;
/// then the revocations Identity published (RevocationList), so a cache hit is refused too.
public final class TokenAuthenticator: Authenticator {
    let verifier: CachingTokenVerifier
    let revocations: RevocationList
    let now: @Sendable () -> Int64
    /// Callers made from verified claims, by token id: the role table and the principal's
    /// encoding are worked out once per token, not per request. An entry is used only for
    /// claims equal to those it was made from.
    private let callers = Mutex<[String: (claims: AccessTokenClaims, caller: Caller)]>([:])

    public init(verifier: TokenVerifier, revocations: RevocationList = RevocationList(),
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.verifier = CachingTokenVerifier(verifier: verifier)
        self.revocations = revocations
        self.now = now
    }

    public func authenticate(_ headers: HTTPHeaders) throws(APIError) -> Caller {
        let claims: AccessTokenClaims
        do {
            claims = try verifier.verify(authorizationHeader: headers["authorization"], now: now())
        } catch {
            throw APIError(401, error.code, error.message, headers: Self.challenge)
        }
        // A revoked token is "invalid" (003 §15.3); a token of an ended session (logout, a
        // refresh token replayed) is AUTH_SESSION_EXPIRED: refreshing cannot help, log in again.
        if revocations.contains(claims.jti) {
            throw APIError(401, "AUTH_TOKEN_INVALID", "Authentication token has been revoked", headers: Self.challenge)
        }
        if let session = claims.sessionId, revocations.contains(session) {
            throw APIError(401, "AUTH_SESSION_EXPIRED", "Session has expired", headers: Self.challenge)
        }
        if let cached = callers.withLock({ $0[claims.jti] }), cached.claims == claims { return cached.caller }
        let caller = Caller(tenantID: claims.tenantId.lowercased(), userID: claims.sub, email: claims.email, roles: claims.roles,
                            permissions: claims.grantedPermissions, sessionID: claims.sessionId ?? "", plan: claims.plan)
        callers.withLock { entries in
            // Bounded like the verifier's cache; expired tokens never get here again.
            if entries.count >= verifier.capacity { entries.removeAll(keepingCapacity: true) }
            entries[claims.jti] = (claims, caller)
        }
        return caller
    }

    static let challenge = [(name: "WWW-Authenticate", value: #"Bearer realm="cerniq""#)]
}
