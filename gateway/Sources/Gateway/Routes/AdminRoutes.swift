import IdentityAPI

/// Tenant administration and API keys (003 §13.1–13.6, §2.2, §2.5), served by Identity.
///
/// §13 names its permissions `admin:read`, `admin:write` and `admin:delete`, which §2.3's scope
/// list does not have; the routes use §2.3's: `admin:settings` for the configuration,
/// `admin:users` for users, `admin:api-keys` for keys (gateway/README.md).
enum AdminRoutes {
    private static let admin = TenantAdminServiceMethods.self
    private static let keys = ApiKeyServiceMethods.self
    private static let audit = AuditServiceMethods.self
    private static func t(_ name: String) -> String { "cerniq.identity.v1.\(name)" }
    private static let paging = Route.paging

    static let all: [Route] = [
        Route("GET", "/api/v1/admin/config", admin.getTenantConfig, request: t("GetTenantConfigRequest"), response: t("TenantConfig"),
              scopes: ["admin:settings"], rate: .read, summary: "The tenant's configuration, plan, features and limits (003 §13.1)", tag: "Admin"),
        Route("PUT", "/api/v1/admin/config", admin.updateTenantConfig, request: t("UpdateTenantConfigRequest"),
              response: t("UpdateTenantConfigResponse"), scopes: ["admin:settings"], rate: .write, body: .json,
              summary: "Change the members of the configuration the body names (003 §13.2)", tag: "Admin"),
        Route("GET", "/api/v1/admin/users", admin.listUsers, request: t("ListUsersRequest"), response: t("ListUsersResponse"),
              scopes: ["admin:users"], rate: .read, defaults: paging.defaults, maximums: paging.maximums,
              summary: "The tenant's users with filters (003 §13.3)", tag: "Admin"),
        Route("POST", "/api/v1/admin/users", admin.createUser, request: t("CreateUserRequest"), response: t("CreateUserResponse"),
              scopes: ["admin:users"], rate: .write, status: 201, body: .json,
              summary: "Create a user with an invite or a temporary password (003 §13.4)", tag: "Admin"),
        Route("PUT", "/api/v1/admin/users/:id", admin.updateUser, request: t("UpdateUserRequest"), response: t("UpdateUserResponse"),
              scopes: ["admin:users"], rate: .write, body: .json,
              summary: "Change a user's names, role, permissions or status (003 §13.5)", tag: "Admin"),
        Route("DELETE", "/api/v1/admin/users/:id", admin.deleteUser, request: t("DeleteUserRequest"), response: t("DeleteUserResponse"),
              scopes: ["admin:users"], rate: .delete,
              summary: "Delete a user, or erase their personal data (003 §13.6)", tag: "Admin"),

        Route("GET", "/api/v1/admin/audit", audit.listAuditLog, request: t("ListAuditLogRequest"), response: t("ListAuditLogResponse"),
              scopes: ["admin:audit"], rate: .read, defaults: paging.defaults, maximums: paging.maximums,
              summary: "The audit log of every change, with filters (003 §13.7)", tag: "Admin"),

        Route("POST", "/api/v1/auth/api-keys", keys.createApiKey, request: t("CreateApiKeyRequest"), response: t("CreateApiKeyResponse"),
              scopes: ["admin:api-keys"], rate: .write, status: 201, body: .json,
              summary: "Create an API key; its text is shown only in this answer (003 §2.5)", tag: "Authentication"),
        Route("GET", "/api/v1/auth/api-keys", keys.listApiKeys, request: t("ListApiKeysRequest"), response: t("ListApiKeysResponse"),
              scopes: ["admin:api-keys"], rate: .read, shape: .page,
              summary: "The tenant's API keys, without their secrets (003 §2.2)", tag: "Authentication"),
        Route("DELETE", "/api/v1/auth/api-keys/:id", keys.revokeApiKey, request: t("RevokeApiKeyRequest"), response: t("RevokeApiKeyResponse"),
              scopes: ["admin:api-keys"], rate: .delete, status: 204, shape: .empty,
              summary: "Revoke an API key; the gateway refuses it within seconds (003 §2.2)", tag: "Authentication"),
    ]
}
