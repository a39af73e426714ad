/// Why a request's access token was refused (003 §15.3, AUTH_*).
///
/// `message` is the seed's wording and safe to show a client; nothing from OpenSSL or the
/// parser reaches it, so a refusal cannot help an attacker tell one defect from another.
public struct AuthFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// `AUTH_TOKEN_MISSING`, `AUTH_TOKEN_INVALID` or `AUTH_TOKEN_EXPIRED` (and
    /// `AUTHZ_PERMISSION_DENIED` from `Permissions.require`).
    public var code: String
    /// The client-facing text for `code`, from 003 §15.3.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// No `Authorization` header at all.
    public static let tokenMissing = AuthFailure(code: "AUTH_TOKEN_MISSING", message: "Authorization token required")
    /// Anything wrong with the header or token other than its age: one code for every defect.
    public static let tokenInvalid = AuthFailure(code: "AUTH_TOKEN_INVALID", message: "Invalid authentication token")
    /// A correctly signed token whose `exp` has passed (beyond the allowed clock skew).
    public static let tokenExpired = AuthFailure(code: "AUTH_TOKEN_EXPIRED", message: "Authentication token has expired")
    /// A valid token that lacks the scope a route requires (003 §15.3, AUTHZ_*).
    public static let permissionDenied = AuthFailure(
        code: "AUTHZ_PERMISSION_DENIED", message: "Insufficient permissions for this action")
}
