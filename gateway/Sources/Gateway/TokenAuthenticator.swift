import Foundation
import GatewayAuth
import GatewayHTTP
import Synchronization

/// Access tokens verified at the edge with no call (DESIGN D7): signature with a pinned
/// algorithm and configured keys, expiry with bounded skew, through a cache of verified tokens.
public final class TokenAuthenticator: Authenticator {
    let verifier: CachingTokenVerifier
    let now: @Sendable () -> Int64
    /// Callers made from verified claims, by token id: the role table and the principal's
    /// encoding are worked out once per token, not per request. An entry is used only for
    /// claims equal to those it was made from.
    private let callers = Mutex<[String: (claims: AccessTokenClaims, caller: Caller)]>([:])

    public init(verifier: TokenVerifier, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.verifier = CachingTokenVerifier(verifier: verifier)
        self.now = now
    }

    public func authenticate(_ headers: HTTPHeaders) throws(APIError) -> Caller {
        let claims: AccessTokenClaims
        do {
            claims = try verifier.verify(authorizationHeader: headers["authorization"], now: now())
        } catch {
            throw APIError(401, error.code, error.message, headers: [(name: "WWW-Authenticate", value: #"Bearer realm="cerniq""#)])
        }
        if let cached = callers.withLock({ $0[claims.jti] }), cached.claims == claims { return cached.caller }
        let caller = Caller(tenantID: claims.tenantId.lowercased(), userID: claims.sub, email: claims.email, roles: claims.roles,
                            permissions: claims.grantedPermissions, sessionID: claims.sessionId ?? "")
        callers.withLock { entries in
            // Bounded like the verifier's cache; expired tokens never get here again.
            if entries.count >= verifier.capacity { entries.removeAll(keepingCapacity: true) }
            entries[claims.jti] = (claims, caller)
        }
        return caller
    }
}
