/// The permission scopes (003 §2.3) and what each role grants (003 §2.4).
public enum Permissions {
    static let products = ["products:read", "products:write", "products:delete", "products:import", "products:export"]
    static let negotiations = [
        "negotiations:read", "negotiations:write", "negotiations:approve", "negotiations:close", "negotiations:archive",
    ]
    static let documents = ["documents:read", "documents:create", "documents:send", "documents:cancel"]
    static let hitl = ["hitl:read", "hitl:approve", "hitl:reject", "hitl:escalate"]
    static let admin = ["admin:users", "admin:settings", "admin:audit", "admin:api-keys"]

    /// Every scope of §2.3, in the seed's order.
    public static let all: [String] = products + negotiations + documents + hitl + admin

    /// Role name -> the scopes it grants, exactly as §2.4 lists them.
    public static let roles: [String: [String]] = [
        "admin": all,
        "sales_manager": products + negotiations.filter { $0 != "negotiations:archive" } + documents
            + ["hitl:read", "hitl:approve", "hitl:reject"],
        "sales_rep": ["products:read", "negotiations:read", "negotiations:write", "documents:read", "documents:create"],
        "viewer": ["products:read", "negotiations:read", "documents:read"],
    ]

    /// The scopes a principal holds: the union of its roles' scopes and its explicit
    /// permissions. A role not in §2.4 grants nothing (a token from a newer identity service
    /// must not gain rights here by naming a role this gateway does not know).
    public static func granted(roles: [String], explicit: [String]) -> Set<String> {
        var scopes = Set(explicit)
        for role in roles {
            if let granted = Self.roles[role] { scopes.formUnion(granted) }
        }
        return scopes
    }

    /// Throws `AuthFailure.permissionDenied` unless `scope` is among `claims`' granted scopes.
    public static func require(_ scope: String, for claims: AccessTokenClaims) throws(AuthFailure) {
        guard claims.permissions.contains(scope) || claims.roles.contains(where: { Self.roles[$0]?.contains(scope) == true })
        else { throw .permissionDenied }
    }
}
