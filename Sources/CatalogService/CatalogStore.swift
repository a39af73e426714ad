import Foundation
import Postgres
import RPCCore
import ServiceKit

/// Where the catalog keeps its data: one PostgreSQL pool connected as the service's own
/// role (`catalog_app`), every tenant-owned statement inside a transaction bound to the
/// call's tenant, so row-level security shows that tenant only (DESIGN D5).
/// The SQL of each concern lives in `CatalogStore+<Concern>.swift`.
public final class CatalogStore: Sendable {
    public let pool: PGPool
    /// Where every state-changing call records its change for the audit log (003 §13.7): the
    /// catalog's outbox, written in the call's own transaction (`CatalogStore+Audit.swift`).
    let audit: AuditTrail

    public init(pool: PGPool) {
        self.pool = pool
        audit = AuditTrail(outbox: Outbox(pool: pool, schema: CatalogSchema.service))
    }

    /// Runs `body` in a transaction for the call's tenant, under the call's deadline.
    func transaction<Result>(
        _ context: CallContext, isolation: PGTransaction.Isolation = .readCommitted,
        _ body: (PGTransaction) async throws -> Result
    ) async throws -> Result {
        let tenant = try TenantContext.tenant(of: context)
        return try await withDatabaseErrors {
            try await pool.withTransaction(tenant: tenant, deadline: context.deadline, isolation: isolation, body)
        }
    }

    /// Readiness: the database answers.
    public func isReady() async -> Bool {
        (try? await pool.query("SELECT 1", deadline: Deadline.after(.seconds(2)))) != nil
    }
}
