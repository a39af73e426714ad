import CommonAPI
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

/// Hands the catalog's audit records (003 §13.7), relayed from its outbox by the job worker,
/// to Identity's `AuditService.RecordAuditEvents`, which stores them once each. A failed call
/// throws, so the worker leaves the batch in the outbox and tries again later: an audit record
/// is never dropped, only delayed while Identity is away.
///
/// ```swift
/// let relay = AuditRelay(identity: AuditServiceClient(identityClient))
/// let workers = CatalogWorkers(store: store, auditRelay: relay)
/// ```
public struct AuditRelay: Sendable {
    /// Where the events go: Identity's RPC in service, a recording closure in tests.
    public typealias Sink = @Sendable (RecordAuditEventsRequest) async throws -> Void

    private let sink: Sink

    /// A relay handing each batch's audit events to `sink`.
    public init(sink: @escaping Sink) {
        self.sink = sink
    }

    /// A relay calling Identity's AuditService.
    public init(identity: AuditServiceClient, timeout: Duration = .seconds(30)) {
        self.init { request in
            _ = try await identity.recordAuditEvents(request, options: CallOptions(timeout: timeout))
        }
    }

    /// The closure the job worker relays the outbox through.
    public var outboxRelay: OutboxRelay {
        { events in try await self.relay(events) }
    }

    /// Sends the audit events among `events`. Events of other topics (there are none yet)
    /// have no receiver, so they are left out and count as relayed with the batch; a topic
    /// that gets a receiver later needs its own sink here before it is published.
    func relay(_ events: [OutboxEvent]) async throws {
        let records = AuditTrail.records(in: events, service: CatalogSchema.service)
        guard !records.isEmpty else { return }
        try await sink(Self.request(for: records))
    }

    /// The request carrying `records`, as `AuditTrail.records(in:service:)` gives them.
    public static func request(for records: [(id: String, tenant: String, record: AuditRecord)]) -> RecordAuditEventsRequest {
        RecordAuditEventsRequest(events: records.map { event(id: $0.id, tenant: $0.tenant, record: $0.record) })
    }

    /// One record as Identity stores it; `id` makes a repeated relay of it a no-op there.
    public static func event(id: String, tenant: String, record: AuditRecord) -> AuditEvent {
        AuditEvent(
            id: id, tenantId: tenant, userId: record.userId, userEmail: record.userEmail, action: record.action,
            description: record.description, entityType: record.entityType, entityId: record.entityId,
            changes: record.changes.map { AuditChange(field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue) },
            ipAddress: record.ipAddress, userAgent: record.userAgent, sessionId: record.sessionId, apiKeyId: record.apiKeyId,
            timestamp: Timestamp(record.timestamp), requestId: record.requestId)
    }
}
