import CommonAPI
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

/// `cerniq.identity.v1.AuditService`: the audit log (003 §13.7). Services record each change
/// in their own outbox (ServiceKit `AuditTrail`) and relay the records here with
/// `RecordAuditEvents`; a tenant's administrators read them with `ListAuditLog`
/// (003 §13.7 GET /api/v1/admin/audit, scope admin:audit, which the gateway checks like the
/// other admin routes; the route table does not list it yet).
public struct AuditService: AuditServiceHandler {
    let store: IdentityStore
    let log: Logger
    /// The most events one RecordAuditEvents call may carry: a relay drains in batches this
    /// size or smaller, and one call never holds a transaction open for long.
    static let maxBatch = 1000

    public init(store: IdentityStore, log: Logger = Logger(component: "identity-audit")) {
        self.store = store
        self.log = log
    }

    /// Stores a relay's batch and returns how many events were new. A relay drains a whole
    /// outbox, so one batch may span tenants: each tenant's events go in a transaction bound to
    /// that tenant. If a later tenant's transaction fails, earlier ones stay stored and the
    /// relay's retry skips them by id.
    ///
    /// Only services call this. The gateway's route table has no route to it, and a call
    /// carrying a `principal` (a user or API key the gateway authenticated) is refused, so no
    /// end user can write the log that audits them, even through a misrouted hop.
    public func recordAuditEvents(_ request: RecordAuditEventsRequest, context: CallContext) async throws -> RecordAuditEventsResponse {
        guard context.metadata.principal == nil else {
            throw SeedError("AUTHZ_PERMISSION_DENIED", "Audit events are recorded by services, not on a user's behalf")
        }
        guard request.events.count <= Self.maxBatch else {
            throw SeedError("VAL_OUT_OF_RANGE", "at most \(Self.maxBatch) events per call", field: "events")
        }
        // Check the whole batch before writing any of it: a bad event is a bug in the sender,
        // and half a batch stored would hide it.
        var byTenant: [UUID: [AuditEventRow]] = [:]
        var violations: [SeedError.Violation] = []
        for (index, event) in request.events.enumerated() {
            switch AuditEventRow.make(event, index: index) {
            case .success(let made): byTenant[made.tenant, default: []].append(made.row)
            case .failure(let error): violations += error.violations
            }
        }
        guard violations.isEmpty else { throw SeedError.validation(violations) }

        var stored = 0
        for (tenant, rows) in byTenant.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            stored += try await store.transaction(tenant: tenant) { tx in try await store.recordAudit(rows, tenant: tenant, in: tx) }
        }
        log.info("audit events recorded", ["peer": context.peer, "received": String(request.events.count), "stored": String(stored),
                                           "tenants": String(byTenant.count)])
        return RecordAuditEventsResponse(stored: UInt32(stored))
    }

    /// The caller's tenant's log, newest first, filtered as 003 §13.7 `AuditLogParams` says;
    /// both dates are inclusive.
    public func listAuditLog(_ request: ListAuditLogRequest, context: CallContext) async throws -> ListAuditLogResponse {
        let caller = try AdminCaller(context)
        let paging = try Paging(page: request.page, limit: request.limit)
        var filter = IdentityStore.AuditFilter(
            userId: UUID(uuidString: request.userId)?.uuidString.lowercased() ?? request.userId, action: request.action,
            entityType: request.entityType, entityId: request.entityId, ipAddress: request.ipAddress)
        filter.startMicros = request.startDate.map(AuditEventRow.micros)
        filter.endMicros = request.endDate.map(AuditEventRow.micros)
        if let start = filter.startMicros, let end = filter.endMicros, start > end {
            throw SeedError("VAL_OUT_OF_RANGE", "startDate must not be after endDate", field: "startDate")
        }
        let (entries, total) = try await store.transaction(tenant: caller.tenant) { tx in
            try await store.auditEntries(tenant: caller.tenant, filter, offset: paging.offset, limit: paging.limit, in: tx)
        }
        return ListAuditLogResponse(entries: entries.map(\.wire), pagination: paging.info(total: total).wire)
    }
}

extension IdentityStore.AuditEntryRecord {
    /// 003 §13.7 `entries[]`. `user` is always present, empty for the system or an API key.
    var wire: AuditEntry {
        AuditEntry(
            id: id, user: AuditUser(id: userId, email: userEmail, name: userName), action: action, description: description,
            entityType: entityType, entityId: entityId,
            changes: changes.map { AuditChange(field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue) },
            metadata: AuditMetadata(ipAddress: ipAddress, userAgent: userAgent, sessionId: sessionId),
            timestamp: AuditEventRow.timestamp(micros: occurredMicros))
    }
}
