import Foundation
import Postgres

// Users as the tenant admin API lists, creates and changes them (003 §13.3–13.5). Every
// statement runs in a transaction bound to the caller's tenant, so row-level security keeps
// other tenants' users out of reach whatever id is asked for.
extension IdentityStore {
    /// A user as an administrator sees them.
    struct AdminUserRecord: Sendable {
        var id: UUID
        var email: String
        var firstName: String
        var lastName: String
        var role: String
        var permissions: [String]
        var status: String
        var mfaEnabled: Bool
        var lastLoginAt: Date?
        var createdAt: Date
        var deleted: Bool
    }

    /// ListUsers' filters; empty strings filter nothing.
    struct UserFilter: Sendable {
        var role = ""
        var status = ""
        var search = ""
    }

    static let adminUserColumns: PGQuery = """
        SELECT id, email, first_name, last_name, role, permissions, status, mfa_secret IS NOT NULL AS mfa_enabled,
               last_login_at, created_at, deleted_at IS NOT NULL AS deleted
        FROM users
        """

    /// A page of the tenant's users, newest first, and how many match in all. Erased users
    /// are left out: nothing of them remains to show.
    func users(tenant: UUID, _ filter: UserFilter, offset: Int, limit: Int, in tx: PGTransaction) async throws -> (users: [AdminUserRecord], total: Int) {
        // ILIKE's wildcards in the search text are literal: escape them, and the escape itself.
        let escaped = filter.search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        let conditions: PGQuery = """
            WHERE tenant_id = \(tenant) AND erased_at IS NULL
              AND (\(filter.role)::text = '' OR role = \(filter.role))
              AND (\(filter.status)::text = '' OR status = \(filter.status))
              AND (\(filter.search)::text = '' OR email ILIKE \(pattern) OR first_name ILIKE \(pattern) OR last_name ILIKE \(pattern))
            """
        let total = try await tx.query("SELECT count(*) AS n FROM users \(fragment: conditions)")
        let rows = try await tx.query("""
            \(fragment: Self.adminUserColumns) \(fragment: conditions)
            ORDER BY created_at DESC, id DESC OFFSET \(offset) LIMIT \(limit)
            """)
        return (try rows.map(Self.adminUser), Int(try total[0].decode(Int64.self, column: "n")))
    }

    /// The user with this id in the transaction's tenant, unless erased; `forUpdate` locks the row.
    func adminUser(_ id: UUID, in tx: PGTransaction, forUpdate: Bool = false) async throws -> AdminUserRecord? {
        let select: PGQuery = "\(fragment: Self.adminUserColumns) WHERE id = \(id) AND erased_at IS NULL"
        return try await tx.query(forUpdate ? "\(fragment: select) FOR UPDATE" : select).first.map(Self.adminUser)
    }

    /// A new user: active with a temporary password they must change, or invited.
    struct NewUser: Sendable {
        var email: String
        var firstName: String
        var lastName: String
        var role: String
        var permissions: [String]
        var metadata: [String: String]
        var passwordHash: String?
        var inviteDigest: [UInt8]?
        var inviteExpiresAt: Date?
        /// A temporary password the user must replace (an administrator chose it); false for
        /// one the user chose (sign-up).
        var mustChangePassword = false
    }

    func insertUser(_ user: NewUser, tenant: UUID, in tx: PGTransaction) async throws -> (id: UUID, createdAt: Date) {
        let status = user.passwordHash == nil ? "invited" : "active"
        let rows = try await tx.query("""
            INSERT INTO users (tenant_id, email, first_name, last_name, role, permissions, status, metadata, password_hash,
                               must_change_password, invite_digest, invite_expires_at)
            VALUES (\(tenant), \(user.email), \(user.firstName), \(user.lastName), \(user.role), \(user.permissions), \(status),
                    \(PGJSON(user.metadata))::jsonb, \(user.passwordHash), \(user.mustChangePassword), \(user.inviteDigest), \(user.inviteExpiresAt))
            RETURNING id, created_at
            """)
        return (try rows[0].decode(UUID.self, column: "id"), try rows[0].decode(Date.self, column: "created_at"))
    }

    /// The changes UpdateUser makes; nil members stay as they are.
    struct UserChanges: Sendable {
        var firstName: String?
        var lastName: String?
        var role: String?
        var permissions: [String]?
        var status: String?
        var metadata: [String: String]?
    }

    func updateUser(_ id: UUID, _ changes: UserChanges, in tx: PGTransaction) async throws {
        let metadata = changes.metadata.map { PGJSON($0) }
        try await tx.query("""
            UPDATE users SET first_name = coalesce(\(changes.firstName), first_name), last_name = coalesce(\(changes.lastName), last_name),
                role = coalesce(\(changes.role), role), permissions = coalesce(\(changes.permissions), permissions),
                status = coalesce(\(changes.status), status), metadata = coalesce(\(metadata)::jsonb, metadata), updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// Soft delete (003 §13.6): the user can no longer log in or accept an invite; the row
    /// stays for what names it.
    func markDeleted(_ id: UUID, in tx: PGTransaction) async throws {
        try await tx.query("""
            UPDATE users SET status = 'inactive', deleted_at = coalesce(deleted_at, now()), invite_digest = NULL,
                invite_expires_at = NULL, updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// GDPR erasure (003 §13.6 `hardDelete`, GDPR art. 17): the row keeps its id, role and
    /// dates so records naming the user stay consistent, but no personal data. The address
    /// becomes `erased-<id>@invalid` (RFC 2606 reserves `.invalid`), which frees the real one.
    /// Returns the sessions and refresh tokens removed (they hold IP addresses and devices).
    func erase(_ id: UUID, in tx: PGTransaction) async throws -> (sessions: Int, refreshTokens: Int) {
        let tokens = try await tx.query("DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = \(id))")
        let sessions = try await tx.query("DELETE FROM sessions WHERE user_id = \(id)")
        let placeholder = "erased-\(id.uuidString.lowercased())@invalid"
        try await tx.query("""
            UPDATE users SET email = \(placeholder), first_name = '', last_name = '',
                password_hash = NULL, mfa_secret = NULL, mfa_last_step = 0, metadata = '{}', permissions = '{}',
                invite_digest = NULL, invite_expires_at = NULL, must_change_password = false, last_login_at = NULL,
                status = 'inactive', deleted_at = coalesce(deleted_at, now()), erased_at = now(), updated_at = now()
            WHERE id = \(id)
            """)
        return (sessions.affectedRows, tokens.affectedRows)
    }

    private static func adminUser(_ row: PGRow) throws -> AdminUserRecord {
        AdminUserRecord(
            id: try row.decode(UUID.self, column: "id"), email: try row.decode(String.self, column: "email"),
            firstName: try row.decode(String.self, column: "first_name"), lastName: try row.decode(String.self, column: "last_name"),
            role: try row.decode(String.self, column: "role"), permissions: try row.decode([String].self, column: "permissions"),
            status: try row.decode(String.self, column: "status"), mfaEnabled: try row.decode(Bool.self, column: "mfa_enabled"),
            lastLoginAt: try row.decode(Date?.self, column: "last_login_at"), createdAt: try row.decode(Date.self, column: "created_at"),
            deleted: try row.decode(Bool.self, column: "deleted"))
    }
}
