import CatalogService
import CommonAPI
import Foundation
import IdentityAPI
import ServiceKit
import Synchronization
import Testing

/// Relaying audit records to Identity (003 §13.7): each record becomes one `AuditEvent`, and a
/// batch Identity did not take stays in the outbox to be tried again. Serialized: a running
/// relay drains the outbox (of its tenant, `outboxTenants`), one test at a time keeps it simple.
@Suite(.serialized) struct AuditRelayTests {
    /// What the relay handed to "Identity": the RPC boundary, as a recording closure.
    final class Sink: Sendable {
        private let requests = Mutex<[RecordAuditEventsRequest]>([])
        func events(tenant: UUID) -> [AuditEvent] {
            requests.withLock { $0 }.flatMap(\.events).filter { $0.tenantId == tenant.uuidString.lowercased() }
        }
        var relay: AuditRelay { AuditRelay { request in self.requests.withLock { $0.append(request) } } }
    }

    struct IdentityUnavailable: Error {}

    @Test func aRecord_mapsToAnAuditEvent_fieldForField() {
        let when = Date(timeIntervalSince1970: 1_767_225_600.25)
        let record = AuditRecord(action: "product.updated", description: "Updated product A: price", entityType: "product", entityId: "p-1",
                                 changes: [.init(field: "price", oldValue: "10", newValue: "12.5")], userId: "u-1",
                                 userEmail: "ana@example.ro", sessionId: "s-1", apiKeyId: "k-1", ipAddress: "203.0.113.9",
                                 userAgent: "curl/8.5", requestId: "r-1", timestamp: when)
        let request = AuditRelay.request(for: [(id: "catalog:41", tenant: "t-1", record: record)])
        #expect(request.events == [AuditEvent(
            id: "catalog:41", tenantId: "t-1", userId: "u-1", userEmail: "ana@example.ro", action: "product.updated",
            description: "Updated product A: price", entityType: "product", entityId: "p-1",
            changes: [AuditChange(field: "price", oldValue: "10", newValue: "12.5")], ipAddress: "203.0.113.9", userAgent: "curl/8.5",
            sessionId: "s-1", apiKeyId: "k-1", timestamp: Timestamp(seconds: 1_767_225_600, nanos: 250_000_000), requestId: "r-1")])
    }

    @Test func theWorker_relaysEachRecord_withItsOutboxId_andMarksItPublished() async throws {
        try await CatalogHarness.with { harness in
            let sink = Sink()
            let id = try await harness.client.createProduct(newProduct("RLY-1"), options: harness.userOptions).id
            try await harness.withWorkers(auditRelay: sink.relay) {
                try await eventually("the record is relayed and published") {
                    try await harness.auditEvents().allSatisfy(\.published)
                }
            }
            let stored = try #require(try await harness.auditEvents().first)
            let events = sink.events(tenant: harness.tenant)
            #expect(events.map(\.id) == ["catalog:\(stored.outboxId)"])
            #expect(events.map(\.entityId) == [id])
            #expect(events.map(\.userId) == ["user-7"])
        }
    }

    @Test func aFailingRelay_leavesTheRecordsUnpublished_andTheyAreRelayedLater() async throws {
        try await CatalogHarness.with { harness in
            _ = try await harness.create(newProduct("RLY-2"))
            try await harness.withWorkers(auditRelay: AuditRelay { _ in throw IdentityUnavailable() }) {
                try await eventually("the relay was tried") {
                    try await harness.auditEvents().allSatisfy { $0.attempts > 0 }
                }
            }
            #expect(try await harness.auditEvents().map(\.published) == [false])

            let sink = Sink()
            try await harness.withWorkers(auditRelay: sink.relay) {
                try await eventually("the record is relayed on a later try") {
                    try await harness.auditEvents().allSatisfy(\.published)
                }
            }
            #expect(sink.events(tenant: harness.tenant).map(\.action) == ["product.created"])
        }
    }
}
