import Foundation
import GatewayAuth

/// Signs the access tokens the gateway verifies on its own (003 §2.1): 15 minutes, the
/// user's role and explicit permissions, and the session (`sid`) so a logout or a detected
/// refresh reuse can revoke every token of the session at once.
struct TokenIssuer: Sendable {
    let key: TokenSigningKey
    /// Seconds an access token is valid (003 §2.5 `expiresIn`).
    static let lifetime: Int64 = 900

    func issue(for account: UserAccount, session: UUID, now: Date) -> String {
        let issuedAt = Int64(now.timeIntervalSince1970)
        return key.sign(AccessTokenClaims(
            sub: account.id.uuidString.lowercased(), tenantId: account.tenantID.uuidString.lowercased(), email: account.email,
            roles: [account.role], permissions: account.permissions, iat: issuedAt, exp: issuedAt + Self.lifetime,
            jti: UUID().uuidString.lowercased(), sessionId: session.uuidString.lowercased(), plan: account.plan))
    }
}
