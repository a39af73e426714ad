import CommonAPI
import GatewayHTTP

/// Who a request acts for, once its credentials are verified: the principal the gateway
/// sends to services in call metadata (DESIGN D4).
public struct Caller: Sendable, Hashable {
    public var tenantID: String
    public var userID: String
    public var email: String
    public var roles: [String]
    /// The scopes the caller holds: its roles' permissions and its explicit ones (003 §2.4).
    public var permissions: Set<String>
    public var sessionID: String
    public var apiKeyID: String
    /// The tenant's plan (003 §16.2) when the credentials name it; nil: the default plan.
    public var plan: String?
    /// An API key's own requests per minute (003 §2.2); 0: only the tenant's limits apply.
    public var apiKeyRateLimit: Int
    /// The encoded `cerniq.common.v1.Principal` for call metadata, made once per caller.
    public let principal: [UInt8]

    public init(tenantID: String, userID: String, email: String = "", roles: [String] = [], permissions: Set<String>,
                sessionID: String = "", apiKeyID: String = "", plan: String? = nil, apiKeyRateLimit: Int = 0) {
        self.tenantID = tenantID
        self.userID = userID
        self.email = email
        self.roles = roles
        self.permissions = permissions
        self.sessionID = sessionID
        self.apiKeyID = apiKeyID
        self.plan = plan
        self.apiKeyRateLimit = apiKeyRateLimit
        principal = Principal(tenantId: tenantID, userId: userID, email: email, roles: roles, permissions: permissions.sorted(),
                              sessionId: sessionID, apiKeyId: apiKeyID).encoded()
    }
}

/// Verifies a request's credentials at the edge, without a call where it can (DESIGN D7).
public protocol Authenticator: Sendable {
    /// The caller, or the `AUTH_*` failure to answer with 401.
    func authenticate(_ headers: HTTPHeaders) throws(APIError) -> Caller
}
