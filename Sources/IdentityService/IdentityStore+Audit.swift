import Foundation
import Postgres

// The audit log (003 §13.7): recording relayed events, listing a tenant's log, and
// anonymizing an erased user's entries (003 §13.6). Every statement runs in a transaction
// bound to one tenant; row-level security fences `audit_log` like every tenant-owned table.
extension IdentityStore {
    /// Stores one tenant's events and returns how many were new; an id already stored is
    /// skipped (`ON CONFLICT DO NOTHING`), which is what makes a repeated relay harmless.
    ///
    /// The actor's name comes from the users table (services know the id and email only).
    /// An actor already erased (003 §13.6) is stored anonymized, as the erasure would have
    /// left the entry had it arrived earlier.
    func recordAudit(_ rows: [AuditEventRow], tenant: UUID, in tx: PGTransaction) async throws -> Int {
        let users = Array(Set(rows.compactMap(\.userRef))).sorted()
        if !users.isEmpty {
            // Erasure locks the user's row FOR UPDATE and anonymizes in its transaction; this
            // lock orders the two, so an entry is never stored with the data an erasure just
            // removed (either the erasure sees this entry, or this insert sees `erased_at`).
            try await tx.query("SELECT id FROM users WHERE id = ANY(\(users)::uuid[]) ORDER BY id FOR SHARE")
        }
        let inserted = try await tx.query("""
            INSERT INTO audit_log (tenant_id, id, user_id, user_email, user_name, action, description, entity_type, entity_id,
                                   changes, ip_address, user_agent, session_id, api_key_id, request_id, occurred_at)
            SELECT \(tenant), r.id, r.user_id,
                   CASE WHEN u.erased_at IS NULL THEN r.user_email ELSE '' END,
                   CASE WHEN u.erased_at IS NULL THEN coalesce(trim(u.first_name || ' ' || u.last_name), '') ELSE '' END,
                   r.action, r.description, r.entity_type, r.entity_id, coalesce(r.changes, '[]'),
                   CASE WHEN u.erased_at IS NULL THEN r.ip_address ELSE '' END,
                   CASE WHEN u.erased_at IS NULL THEN r.user_agent ELSE '' END,
                   r.session_id, r.api_key_id, r.request_id,
                   coalesce(timestamptz 'epoch' + r.occurred_us * interval '1 microsecond', now())
            FROM jsonb_to_recordset(\(PGJSON(rows))::jsonb) AS r(
                id text, user_id text, user_ref uuid, user_email text, action text, description text, entity_type text,
                entity_id text, changes jsonb, ip_address text, user_agent text, session_id text, api_key_id text,
                request_id text, occurred_us bigint)
            LEFT JOIN users u ON u.id = r.user_ref
            ON CONFLICT (tenant_id, id) DO NOTHING
            """)
        return inserted.affectedRows
    }

    /// ListAuditLog's filters; empty strings and nil bounds filter nothing.
    struct AuditFilter: Sendable {
        var userId = ""
        var action = ""
        var entityType = ""
        var entityId = ""
        var ipAddress = ""
        /// Inclusive bounds, in microseconds since 1970.
        var startMicros: Int64?
        var endMicros: Int64?
    }

    /// One stored entry, as ListAuditLog shows it.
    struct AuditEntryRecord: Sendable {
        var id: String
        var userId: String
        var userEmail: String
        var userName: String
        var action: String
        var description: String
        var entityType: String
        var entityId: String
        var changes: [AuditEventRow.Change]
        var ipAddress: String
        var userAgent: String
        var sessionId: String
        var occurredMicros: Int64
    }

    /// A page of the tenant's log, newest first, and how many entries match in all.
    func auditEntries(tenant: UUID, _ filter: AuditFilter, offset: Int, limit: Int,
                      in tx: PGTransaction) async throws -> (entries: [AuditEntryRecord], total: Int) {
        let conditions: PGQuery = """
            WHERE tenant_id = \(tenant)
              AND (\(filter.userId)::text = '' OR user_id = \(filter.userId))
              AND (\(filter.action)::text = '' OR action = \(filter.action))
              AND (\(filter.entityType)::text = '' OR entity_type = \(filter.entityType))
              AND (\(filter.entityId)::text = '' OR entity_id = \(filter.entityId))
              AND (\(filter.ipAddress)::text = '' OR ip_address = \(filter.ipAddress))
              AND (\(filter.startMicros)::bigint IS NULL OR occurred_at >= timestamptz 'epoch' + \(filter.startMicros)::bigint * interval '1 microsecond')
              AND (\(filter.endMicros)::bigint IS NULL OR occurred_at <= timestamptz 'epoch' + \(filter.endMicros)::bigint * interval '1 microsecond')
            """
        let total = try await tx.query("SELECT count(*) AS n FROM audit_log \(fragment: conditions)")
        // The time leaves as whole microseconds (extract is exact numeric), so an entry's
        // timestamp used as a filter bound matches it exactly.
        let rows = try await tx.query("""
            SELECT id, user_id, user_email, user_name, action, description, entity_type, entity_id, changes,
                   ip_address, user_agent, session_id, (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_us
            FROM audit_log \(fragment: conditions)
            ORDER BY occurred_at DESC, id DESC OFFSET \(offset) LIMIT \(limit)
            """)
        let entries = try rows.map { row in
            AuditEntryRecord(
                id: try row.decode(String.self, column: "id"), userId: try row.decode(String.self, column: "user_id"),
                userEmail: try row.decode(String.self, column: "user_email"), userName: try row.decode(String.self, column: "user_name"),
                action: try row.decode(String.self, column: "action"), description: try row.decode(String.self, column: "description"),
                entityType: try row.decode(String.self, column: "entity_type"), entityId: try row.decode(String.self, column: "entity_id"),
                changes: try row.decode(PGJSON<[AuditEventRow.Change]>.self, column: "changes").value,
                ipAddress: try row.decode(String.self, column: "ip_address"), userAgent: try row.decode(String.self, column: "user_agent"),
                sessionId: try row.decode(String.self, column: "session_id"), occurredMicros: try row.decode(Int64.self, column: "occurred_us"))
        }
        return (entries, Int(try total[0].decode(Int64.self, column: "n")))
    }

    /// GDPR erasure of the log (003 §13.6 `logsAnonymized`): returns the entries changed.
    ///
    /// Entries the user made lose their email, name, address and user agent. `user_id` is
    /// kept: the users row keeps that id with no personal data after erasure, so it is an
    /// opaque pseudonym, and keeping it lets a security review still see that one account
    /// made these changes. Entries about the user (entity `user` with their id) lose their
    /// description and the values of their changes, which may hold the user's name or email;
    /// the field names stay, so the log still says what kind of change was made.
    func anonymizeAuditLog(ofUser id: UUID, in tx: PGTransaction) async throws -> Int {
        let user = id.uuidString.lowercased()
        let updated = try await tx.query("""
            UPDATE audit_log SET
                user_email = CASE WHEN user_id = \(user) THEN '' ELSE user_email END,
                user_name = CASE WHEN user_id = \(user) THEN '' ELSE user_name END,
                ip_address = CASE WHEN user_id = \(user) THEN '' ELSE ip_address END,
                user_agent = CASE WHEN user_id = \(user) THEN '' ELSE user_agent END,
                description = CASE WHEN entity_type = 'user' AND entity_id = \(user) THEN '' ELSE description END,
                changes = CASE WHEN entity_type = 'user' AND entity_id = \(user)
                    THEN (SELECT coalesce(jsonb_agg(jsonb_build_object('field', c ->> 'field', 'oldValue', '', 'newValue', '')), '[]')
                          FROM jsonb_array_elements(changes) AS c)
                    ELSE changes END
            WHERE user_id = \(user) OR (entity_type = 'user' AND entity_id = \(user))
            """)
        return updated.affectedRows
    }
}
