import CommonAPI
import Foundation
import Postgres
import RPCCore
import ServiceKit

/// One audit event of the outbox, as a test inspects it.
struct StoredAuditEvent: Sendable {
    var outboxId: Int64
    var record: AuditRecord
    var published: Bool
    var attempts: Int
}

extension CatalogHarness {
    /// The tenant's audit events in the outbox, oldest first. The outbox has no row-level
    /// security (see `JobQueue`), so the tenant is filtered here.
    func auditEvents() async throws -> [StoredAuditEvent] {
        try await sql { tx in
            try await tx.query("""
                SELECT id, payload::text AS payload, published_at IS NOT NULL AS published, attempts
                FROM outbox WHERE tenant_id = \(tenant.uuidString.lowercased())::uuid AND topic = \(AuditTrail.topic)
                ORDER BY id
                """).map { row in
                // Decoded as AuditTrail.records decodes what it relays.
                let payload = try row.decode(String.self, column: "payload")
                return StoredAuditEvent(outboxId: try row.decode(column: "id"),
                                        record: try JSONDecoder().decode(AuditRecord.self, from: Data(payload.utf8)),
                                        published: try row.decode(column: "published"), attempts: try row.decode(column: "attempts"))
            }
        }
    }

    /// The actions of the tenant's audit events, oldest first.
    func auditActions() async throws -> [String] {
        try await auditEvents().map(\.record.action)
    }

    /// Call options as the gateway sets them for a signed-in user: principal, client address,
    /// user agent and request id.
    var userOptions: CallOptions {
        var options = options
        options.metadata.principal = Principal(tenantId: tenant.uuidString.lowercased(), userId: "user-7", email: "ana@example.ro",
                                               sessionId: "session-3").encoded()
        options.metadata[Metadata.Key.clientAddress] = "203.0.113.9"
        options.metadata[Metadata.Key.userAgent] = "curl/8.5"
        options.metadata.requestID = "req-audit-1"
        return options
    }
}
