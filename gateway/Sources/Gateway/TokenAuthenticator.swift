import Foundation
import GatewayAuth
import GatewayHTTP

/// Access tokens verified at the edge with no call (DESIGN D7): signature with a pinned
/// algorithm and configured keys, expiry with bounded skew, through a cache of verified tokens.
public struct TokenAuthenticator: Authenticator {
    let verifier: CachingTokenVerifier
    let now: @Sendable () -> Int64

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
        return Caller(tenantID: claims.tenantId.lowercased(), userID: claims.sub, email: claims.email, roles: claims.roles,
                      permissions: claims.grantedPermissions, sessionID: claims.sessionId ?? "")
    }
}
