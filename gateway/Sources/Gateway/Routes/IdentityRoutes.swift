import IdentityAPI

/// The authentication routes (003 §2.5, 001's login): public, since the credentials are in the
/// body; the gateway sets the client's address and user agent for the session's record.
enum IdentityRoutes {
    private static let m = IdentityServiceMethods.self
    private static func t(_ name: String) -> String { "cerniq.identity.v1.\(name)" }
    /// Server-set: a client may not claim another address or agent for its session.
    private static let connection: [String: Route.ServerValue] = ["ipAddress": .clientAddress, "userAgent": .userAgent]
    /// 003 §16.2 "Special Endpoints": login, 5 a minute per IP, in fixed windows (§16.4)
    /// against credential stuffing. Shared by both login paths.
    static let loginLimit = Route.ClientLimit(name: "auth.login", requests: 5, window: .seconds(60))
    /// Sign-ups: as many as logins, per address, so no one script makes tenants in bulk.
    static let signUpLimit = Route.ClientLimit(name: "auth.register", requests: 5, window: .seconds(60))
    /// Invite acceptance hashes the chosen password: as many as logins, per address.
    static let inviteLimit = Route.ClientLimit(name: "auth.invite", requests: 5, window: .seconds(60))
    /// Credentials and tokens are small; nothing larger has a reason to reach Identity.
    private static let bodyLimit = 16 << 10

    static let all: [Route] = [
        Route("POST", "/api/v1/auth/login", m.login, request: t("LoginRequest"), response: t("LoginResponse"),
              authentication: .none, scopes: [], serverFields: connection, clientLimit: loginLimit, rate: .auth, body: .json,
              bodyLimit: bodyLimit, summary: "Log in with email and password (and an MFA code) for an access and a refresh token (003 §2.5)",
              tag: "Authentication"),
        Route("POST", "/api/v1/auth/refresh", m.refresh, request: t("RefreshRequest"), response: t("RefreshResponse"),
              authentication: .none, scopes: [], serverFields: connection, rate: .auth, body: .json, bodyLimit: bodyLimit,
              summary: "Spend a refresh token for a new token pair (003 §2.5)", tag: "Authentication"),
        Route("POST", "/api/v1/auth/logout", m.logout, request: t("LogoutRequest"), response: t("LogoutResponse"),
              authentication: .none, scopes: [], rate: .auth, body: .json, bodyLimit: bodyLimit,
              summary: "End the refresh token's session, or all the user's sessions (003 §2.5)", tag: "Authentication"),
        Route("POST", "/api/v1/auth/invite/accept", m.acceptInvite, request: t("AcceptInviteRequest"), response: t("LoginResponse"),
              authentication: .none, scopes: [], serverFields: connection, clientLimit: inviteLimit, rate: .auth, body: .json,
              bodyLimit: bodyLimit, summary: "Accept an invitation: choose a password and log in (003 §13.4)", tag: "Authentication"),
        // Any signed-in user, for themselves: no scope (Identity refuses an API key, which has no user).
        Route("POST", "/api/v1/auth/password", m.changePassword, request: t("ChangePasswordRequest"), response: t("ChangePasswordResponse"),
              scopes: [], rate: .auth, body: .json, bodyLimit: bodyLimit,
              summary: "Change your password; your other sessions end (003 §2.5)", tag: "Authentication"),
        // 001's sign-up and login, in 001's shapes (no envelope; `token` and a snake_case `user`).
        Route("POST", "/api/auth/register", m.signUp, request: t("SignUpRequest"), response: t("LegacyAuthResponse"),
              authentication: .none, scopes: [], serverFields: connection, clientLimit: signUpLimit, rate: .auth, status: 201, body: .json,
              shape: .bare, bodyLimit: bodyLimit, summary: "Sign up: a new tenant with you as its administrator (001)", tag: "Authentication"),
        Route("POST", "/api/auth/login", m.legacyLogin, request: t("LoginRequest"), response: t("LegacyAuthResponse"),
              authentication: .none, scopes: [], serverFields: connection, clientLimit: loginLimit, rate: .auth, body: .json,
              shape: .bare, bodyLimit: bodyLimit, summary: "Log in, answered in 001's shape", tag: "Authentication"),
    ]
}
