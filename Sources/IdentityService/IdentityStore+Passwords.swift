import Foundation
import Postgres
import RPCCore
import ServiceKit

// Invites accepted and passwords changed (003 §13.4): the statements of AcceptInvite and
// ChangePassword.
extension IdentityStore {
    /// The tenant and id of the user invited with this token, by the SHA-256 of its text.
    func user(byInvite digest: [UInt8]) async throws -> (tenant: UUID, user: UUID)? {
        try await withDatabaseErrors {
            let rows = try await pool.query("SELECT tenant_id, user_id FROM user_by_invite(\(digest))", deadline: CallContext.current?.deadline)
            guard let row = rows.first else { return nil }
            return (try row.decode(UUID.self, column: "tenant_id"), try row.decode(UUID.self, column: "user_id"))
        }
    }

    /// When the user's invite with this digest expires, its row locked so two acceptances of
    /// one token are decided one after the other; nil when the user holds no such invite
    /// (already accepted, or replaced by a newer one).
    func lockInvite(of user: UUID, digest: [UInt8], in tx: PGTransaction) async throws -> Date? {
        let rows = try await tx.query("""
            SELECT invite_expires_at FROM users
            WHERE id = \(user) AND invite_digest = \(digest) AND deleted_at IS NULL
            FOR UPDATE
            """)
        return try rows.first?.decode(Date?.self, column: "invite_expires_at")
    }

    /// Sets the password the user chose and activates them; the invite is spent.
    func acceptInvite(_ user: UUID, passwordHash: String, in tx: PGTransaction) async throws {
        try await tx.query("""
            UPDATE users SET password_hash = \(passwordHash), status = 'active', invite_digest = NULL, invite_expires_at = NULL,
                must_change_password = false, updated_at = now()
            WHERE id = \(user)
            """)
    }

    /// Replaces the password with one the user chose, so it is no longer temporary.
    func setPassword(_ user: UUID, passwordHash: String, in tx: PGTransaction) async throws {
        try await tx.query("""
            UPDATE users SET password_hash = \(passwordHash), must_change_password = false, updated_at = now() WHERE id = \(user)
            """)
    }
}
