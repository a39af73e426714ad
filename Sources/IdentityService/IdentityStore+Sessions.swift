import Foundation
import Postgres
import RPCCore
import ServiceKit

// Sessions, their refresh tokens, and the revocation feed.
extension IdentityStore {
    /// Opens a session at `openedAt` (the service's clock, which the idle timeout is measured
    /// by) and stores its first refresh token's digest.
    func openSession(tenant: UUID, user: UUID, deviceID: String, ipAddress: String, userAgent: String, openedAt: Date,
                     expiresAt: Date, refreshDigest: [UInt8], in tx: PGTransaction) async throws -> UUID {
        let rows = try await tx.query("""
            INSERT INTO sessions (tenant_id, user_id, device_id, ip_address, user_agent, last_used_at, expires_at)
            VALUES (\(tenant), \(user), \(deviceID), \(ipAddress), \(userAgent), \(openedAt), \(expiresAt))
            RETURNING id
            """)
        let session = try rows[0].decode(UUID.self, column: "id")
        try await tx.query("INSERT INTO refresh_tokens (tenant_id, digest, session_id) VALUES (\(tenant), \(refreshDigest), \(session))")
        return session
    }

    /// A refresh token as a refresh finds it, locked until the transaction ends so two
    /// presentations of one token are decided one after the other.
    struct RefreshRecord: Sendable {
        var session: UUID
        var user: UUID
        var spent: Bool
        var sessionRevoked: Bool
        var sessionExpiresAt: Date
        /// The session's last login or refresh: the tenant's `sessionTimeout` counts from it.
        var lastUsedAt: Date
    }

    func lockRefreshToken(_ digest: [UInt8], in tx: PGTransaction) async throws -> RefreshRecord? {
        let rows = try await tx.query("""
            SELECT r.session_id, s.user_id, r.used_at IS NOT NULL AS spent, s.revoked_at IS NOT NULL AS revoked, s.expires_at, s.last_used_at
            FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
            WHERE r.digest = \(digest)
            FOR UPDATE OF r, s
            """)
        guard let row = rows.first else { return nil }
        return RefreshRecord(session: try row.decode(UUID.self, column: "session_id"), user: try row.decode(UUID.self, column: "user_id"),
                             spent: try row.decode(Bool.self, column: "spent"), sessionRevoked: try row.decode(Bool.self, column: "revoked"),
                             sessionExpiresAt: try row.decode(Date.self, column: "expires_at"),
                             lastUsedAt: try row.decode(Date.self, column: "last_used_at"))
    }

    /// Spends `digest` and stores its successor for the same session, used at `usedAt`.
    func rotateRefreshToken(_ digest: [UInt8], to next: [UInt8], session: UUID, tenant: UUID, usedAt: Date, in tx: PGTransaction) async throws {
        try await tx.query("UPDATE refresh_tokens SET used_at = now() WHERE digest = \(digest)")
        try await tx.query("INSERT INTO refresh_tokens (tenant_id, digest, session_id) VALUES (\(tenant), \(next), \(session))")
        try await tx.query("UPDATE sessions SET last_used_at = \(usedAt) WHERE id = \(session)")
    }

    /// The user's sessions still open.
    func openSessions(of user: UUID, in tx: PGTransaction) async throws -> [UUID] {
        try await tx.query("SELECT id FROM sessions WHERE user_id = \(user) AND revoked_at IS NULL")
            .map { try $0.decode(UUID.self, column: "id") }
    }

    /// Ends sessions: no refresh token of theirs works again, and their access tokens are
    /// published as revoked until `accessTokensLapse`, when the last of them expires anyway.
    func revokeSessions(_ sessions: [UUID], reason: String, accessTokensLapse: Date, in tx: PGTransaction) async throws {
        guard !sessions.isEmpty else { return }
        try await tx.query("""
            UPDATE sessions SET revoked_at = now(), revoked_reason = \(reason)
            WHERE id = ANY(\(sessions)) AND revoked_at IS NULL
            """)
        try await tx.query("UPDATE refresh_tokens SET used_at = coalesce(used_at, now()) WHERE session_id = ANY(\(sessions))")
        try await tx.query("""
            INSERT INTO revocations (revoked_id, until, created_at)
            SELECT s::text, \(accessTokensLapse), clock_timestamp() FROM unnest(\(sessions)::uuid[]) AS s
            """)
        // A commit wakes the gateway's follower at once instead of at its next poll.
        try await tx.query("SELECT pg_notify('identity_revocations', '')")
    }

    /// Revocations still in force recorded after `since` (microseconds since 1970), oldest
    /// first, and the cursor to pass next. Rows are read again for `overlap` before the
    /// cursor: a transaction that started earlier may commit its row after a later one did,
    /// and a follower keeps entries by id, so reading one twice is harmless.
    func revocations(since: Int64, overlap: Duration = .seconds(30)) async throws -> (entries: [(id: String, until: Date)], cursor: Int64) {
        try await withDatabaseErrors {
            let from = since == 0 ? Int64.min : since - overlap.components.seconds * 1_000_000
            let rows = try await pool.query("""
                SELECT revoked_id, until, (extract(epoch FROM created_at) * 1000000)::bigint AS micros FROM revocations
                WHERE until > now() AND (extract(epoch FROM created_at) * 1000000)::bigint > \(from)
                ORDER BY seq LIMIT 10000
                """, deadline: CallContext.current?.deadline)
            var cursor = since
            var entries: [(id: String, until: Date)] = []
            for row in rows {
                cursor = max(cursor, try row.decode(Int64.self, column: "micros"))
                entries.append((try row.decode(String.self, column: "revoked_id"), try row.decode(Date.self, column: "until")))
            }
            return (entries, cursor)
        }
    }
}
