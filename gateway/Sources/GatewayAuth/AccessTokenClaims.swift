/// The payload of a Cerniq access token (003 §2.1), plus `nbf`, the session id `sid` and the tenant's `plan`.
public struct AccessTokenClaims: Sendable, Hashable {
    /// The user id (`sub`).
    public var sub: String
    /// The tenant, a UUID (`tenantId`).
    public var tenantId: String
    /// The user's e-mail; empty when the token carries none.
    public var email: String
    /// Role names (§2.4); unknown roles grant nothing.
    public var roles: [String]
    /// Explicit scopes (§2.3) on top of the roles'.
    public var permissions: [String]
    /// Issued at, seconds since the epoch.
    public var iat: Int64
    /// Expires at, seconds since the epoch.
    public var exp: Int64
    /// Not before, seconds since the epoch; nil when absent.
    public var nbf: Int64?
    /// The token's id, for revocation (D7: a revocation list Identity publishes).
    public var jti: String
    /// The login session the token belongs to (claim `sid`); nil when absent.
    public var sessionId: String?
    /// The tenant's plan (claim `plan`, 003 §16.2), which sizes its rate limits; nil when absent.
    public var plan: String?

    public init(
        sub: String, tenantId: String, email: String = "", roles: [String] = [], permissions: [String] = [],
        iat: Int64, exp: Int64, nbf: Int64? = nil, jti: String, sessionId: String? = nil, plan: String? = nil
    ) {
        self.sub = sub
        self.tenantId = tenantId
        self.email = email
        self.roles = roles
        self.permissions = permissions
        self.iat = iat
        self.exp = exp
        self.nbf = nbf
        self.jti = jti
        self.sessionId = sessionId
        self.plan = plan
    }

    /// The scopes this principal holds: its roles' (§2.4) and its explicit ones.
    public var grantedPermissions: Set<String> { Permissions.granted(roles: roles, explicit: permissions) }
}
