import Foundation
import Postgres

// Tenants and users: what login reads, and what the operator's bootstrap writes.
extension IdentityStore {
    static let accountColumns: PGQuery = """
        SELECT u.id, u.tenant_id, t.name AS tenant_name, t.plan, u.email, u.first_name, u.last_name, u.role,
               u.permissions, u.status, u.password_hash, u.mfa_secret, u.mfa_last_step, u.must_change_password
        FROM users u JOIN tenants t ON t.tenant_id = u.tenant_id
        """

    func account(_ user: UUID, in tx: PGTransaction, forUpdate: Bool = false) async throws -> UserAccount? {
        let rows = try await tx.query(forUpdate
            ? "\(fragment: Self.accountColumns) WHERE u.id = \(user) FOR UPDATE OF u"
            : "\(fragment: Self.accountColumns) WHERE u.id = \(user)")
        guard let row = rows.first else { return nil }
        return UserAccount(
            id: try row.decode(UUID.self, column: "id"), tenantID: try row.decode(UUID.self, column: "tenant_id"),
            tenantName: try row.decode(String.self, column: "tenant_name"), plan: try row.decode(String.self, column: "plan"), email: try row.decode(String.self, column: "email"),
            firstName: try row.decode(String.self, column: "first_name"), lastName: try row.decode(String.self, column: "last_name"),
            role: try row.decode(String.self, column: "role"), permissions: try row.decode([String].self, column: "permissions"),
            status: UserAccount.Status(rawValue: try row.decode(String.self, column: "status")) ?? .inactive,
            passwordHash: try row.decode(String?.self, column: "password_hash"), mfaSecret: try row.decode([UInt8]?.self, column: "mfa_secret"),
            mfaLastStep: try row.decode(Int64.self, column: "mfa_last_step"),
            mustChangePassword: try row.decode(Bool.self, column: "must_change_password"))
    }

    /// Records a login: when, the TOTP step used (never accepted again), and a stronger hash
    /// when the stored one's parameters are below the current ones.
    func recordLogin(_ user: UUID, mfaStep: Int64?, rehashed: String?, in tx: PGTransaction) async throws {
        try await tx.query("""
            UPDATE users SET last_login_at = now(),
                mfa_last_step = coalesce(\(mfaStep), mfa_last_step),
                password_hash = coalesce(\(rehashed), password_hash)
            WHERE id = \(user)
            """)
    }

    /// Creates the tenant if it does not exist (its name is updated if it does).
    func upsertTenant(_ id: UUID, name: String, in tx: PGTransaction) async throws {
        try await tx.query("""
            INSERT INTO tenants (tenant_id, name) VALUES (\(id), \(name))
            ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, updated_at = now()
            """)
    }

    /// Creates an active user with a password, or sets the password and role of the user
    /// who has this email in this tenant. VAL_DUPLICATE when another tenant has the email.
    func upsertUser(tenant: UUID, email: String, firstName: String, lastName: String, role: String,
                    passwordHash: String, in tx: PGTransaction) async throws -> UUID {
        let rows = try await tx.query("""
            INSERT INTO users (tenant_id, email, first_name, last_name, role, password_hash)
            VALUES (\(tenant), \(email), \(firstName), \(lastName), \(role), \(passwordHash))
            ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
                first_name = excluded.first_name, last_name = excluded.last_name, status = 'active', deleted_at = NULL,
                invite_digest = NULL, invite_expires_at = NULL, updated_at = now()
            RETURNING id
            """)
        return try rows[0].decode(UUID.self, column: "id")
    }

    /// Turns TOTP on for a user with this secret, or off with nil.
    func setMFASecret(_ user: UUID, secret: [UInt8]?, in tx: PGTransaction) async throws {
        try await tx.query("UPDATE users SET mfa_secret = \(secret), mfa_last_step = 0, updated_at = now() WHERE id = \(user)")
    }
}
