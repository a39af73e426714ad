import CommonAPI
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit
import Testing

/// The audit log (003 §13.7): relayed events stored once per id in their own tenant, listed
/// newest first with every filter and page, written by services only, and anonymized when a
/// user is erased (003 §13.6).
@Suite struct AuditLogTests {
    /// 2023-11-14 22:13:20 UTC, whole seconds so bounds are easy to state.
    static let base = Date(timeIntervalSince1970: 1_700_000_000)

    static func event(_ id: String, tenant: UUID, action: String = "product.updated", user: String = "", email: String = "",
                      entity: (type: String, id: String) = ("product", "p-1"), ip: String = "198.51.100.1",
                      minute: Int = 0, changes: [AuditChange] = []) -> AuditEvent {
        AuditEvent(id: id, tenantId: tenant.uuidString.lowercased(), userId: user, userEmail: email, action: action,
                   description: "\(action) \(entity.id)", entityType: entity.type, entityId: entity.id, changes: changes,
                   ipAddress: ip, userAgent: "Firefox", sessionId: "s-1", timestamp: Timestamp(base.addingTimeInterval(Double(minute) * 60)),
                   requestId: "r-\(id)")
    }

    static func list(_ h: IdentityHarness, _ request: ListAuditLogRequest = ListAuditLogRequest(), tenant: UUID? = nil) async throws -> ListAuditLogResponse {
        try await h.audit.listAuditLog(request, options: h.asUser(tenant: tenant))
    }

    @Test func batchSpanningTwoTenants_eachTenantListsOnlyItsOwn() async throws {
        try await IdentityHarness.with { h in
            let other = UUID()
            let batch = [Self.event("catalog:1", tenant: h.tenant, minute: 1), Self.event("catalog:2", tenant: other, minute: 2),
                         Self.event("catalog:3", tenant: h.tenant, minute: 3)]
            let recorded = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: batch))
            #expect(recorded.stored == 3)
            let mine = try await Self.list(h)
            #expect(mine.entries.map(\.id) == ["catalog:3", "catalog:1"], "newest first, this tenant only")
            #expect(mine.pagination?.total == 2)
            let theirs = try await Self.list(h, tenant: other)
            #expect(theirs.entries.map(\.id) == ["catalog:2"])
            // The same id may exist in two tenants: it is unique per tenant only.
            let again = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: [Self.event("catalog:1", tenant: other)]))
            #expect(again.stored == 1)
        }
    }

    @Test func entry_hasTheSeedShape() async throws {
        try await IdentityHarness.with { h in
            let change = AuditChange(field: "price", oldValue: "10.5", newValue: "12")
            var event = Self.event("catalog:7", tenant: h.tenant, user: "not-a-uuid", email: "svc@example.com", minute: 5, changes: [change])
            event.timestamp = Timestamp(seconds: 1_700_000_123, nanos: 456_789_000)
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: [event]))
            let entry = try #require(try await Self.list(h).entries.first)
            #expect(entry.user == AuditUser(id: "not-a-uuid", email: "svc@example.com", name: ""))
            #expect(entry.action == "product.updated" && entry.description == "product.updated p-1")
            #expect(entry.entityType == "product" && entry.entityId == "p-1")
            #expect(entry.changes == [change])
            #expect(entry.metadata == AuditMetadata(ipAddress: "198.51.100.1", userAgent: "Firefox", sessionId: "s-1"))
            #expect(entry.timestamp == Timestamp(seconds: 1_700_000_123, nanos: 456_789_000), "kept to the microsecond")
        }
    }

    @Test func repeatedBatch_storesNothingNew_andListsNoDuplicates() async throws {
        try await IdentityHarness.with { h in
            let batch = RecordAuditEventsRequest(events: (1...3).map { Self.event("catalog:\($0)", tenant: h.tenant, minute: $0) })
            #expect(try await h.relay.recordAuditEvents(batch).stored == 3)
            #expect(try await h.relay.recordAuditEvents(batch).stored == 0)
            // A batch repeating an id within itself stores it once.
            let twice = RecordAuditEventsRequest(events: [Self.event("catalog:9", tenant: h.tenant), Self.event("catalog:9", tenant: h.tenant)])
            #expect(try await h.relay.recordAuditEvents(twice).stored == 1)
            let listed = try await Self.list(h)
            #expect(listed.entries.map(\.id) == ["catalog:3", "catalog:2", "catalog:1", "catalog:9"])
            #expect(listed.pagination?.total == 4)
        }
    }

    @Test func filters_narrowByUserActionEntityAndAddress() async throws {
        try await IdentityHarness.with { h in
            let ana = h.user.uuidString.lowercased()
            let batch = [
                Self.event("e:1", tenant: h.tenant, action: "product.created", user: ana, entity: ("product", "p-1"), ip: "198.51.100.1", minute: 1),
                Self.event("e:2", tenant: h.tenant, action: "product.updated", user: ana, entity: ("product", "p-2"), ip: "198.51.100.2", minute: 2),
                Self.event("e:3", tenant: h.tenant, action: "product.updated", user: "", entity: ("product", "p-1"), ip: "198.51.100.1", minute: 3),
                Self.event("e:4", tenant: h.tenant, action: "stock.adjusted", user: "", entity: ("stock", "p-1"), ip: "198.51.100.2", minute: 4),
            ]
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: batch))
            func ids(_ request: ListAuditLogRequest) async throws -> [String] { try await Self.list(h, request).entries.map(\.id) }
            #expect(try await ids(ListAuditLogRequest(userId: ana)) == ["e:2", "e:1"])
            #expect(try await ids(ListAuditLogRequest(userId: ana.uppercased())) == ["e:2", "e:1"], "a UUID matches in any case")
            #expect(try await ids(ListAuditLogRequest(action: "product.updated")) == ["e:3", "e:2"])
            #expect(try await ids(ListAuditLogRequest(entityType: "product", entityId: "p-1")) == ["e:3", "e:1"])
            #expect(try await ids(ListAuditLogRequest(entityType: "stock")) == ["e:4"])
            #expect(try await ids(ListAuditLogRequest(ipAddress: "198.51.100.2")) == ["e:4", "e:2"])
            #expect(try await ids(ListAuditLogRequest(userId: ana, action: "product.updated", ipAddress: "198.51.100.2")) == ["e:2"])
            #expect(try await ids(ListAuditLogRequest(action: "product.deleted")).isEmpty)
        }
    }

    @Test func dateRange_includesBothEdges() async throws {
        try await IdentityHarness.with { h in
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: (0...4).map { Self.event("e:\($0)", tenant: h.tenant, minute: $0) }))
            let minute = { (n: Int) in Timestamp(Self.base.addingTimeInterval(Double(n) * 60)) }
            let between = try await Self.list(h, ListAuditLogRequest(startDate: minute(1), endDate: minute(3)))
            #expect(between.entries.map(\.id) == ["e:3", "e:2", "e:1"])
            let from = try await Self.list(h, ListAuditLogRequest(startDate: minute(4)))
            #expect(from.entries.map(\.id) == ["e:4"])
            let until = try await Self.list(h, ListAuditLogRequest(endDate: minute(0)))
            #expect(until.entries.map(\.id) == ["e:0"])
            let justAfter = Timestamp(seconds: minute(3).seconds, nanos: 1000)
            #expect(try await Self.list(h, ListAuditLogRequest(startDate: justAfter, endDate: minute(4))).entries.map(\.id) == ["e:4"])
            let code = await seedCode { _ = try await Self.list(h, ListAuditLogRequest(startDate: minute(3), endDate: minute(1))) }
            #expect(code == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func paging_walksTheLogNewestFirst() async throws {
        try await IdentityHarness.with { h in
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: (1...5).map { Self.event("e:\($0)", tenant: h.tenant, minute: $0) }))
            let first = try await Self.list(h, ListAuditLogRequest(page: 1, limit: 2))
            #expect(first.entries.map(\.id) == ["e:5", "e:4"])
            #expect(first.pagination == PageInfo(page: 1, limit: 2, total: 5, totalPages: 3, hasNext: true, hasPrevious: false))
            let last = try await Self.list(h, ListAuditLogRequest(page: 3, limit: 2))
            #expect(last.entries.map(\.id) == ["e:1"])
            #expect(last.pagination?.hasNext == false && last.pagination?.hasPrevious == true)
            #expect(try await Self.list(h).pagination?.limit == 25, "25 when not given")
            #expect(await seedCode { _ = try await Self.list(h, ListAuditLogRequest(limit: 101)) } == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func recording_withAPrincipal_isRefused() async throws {
        try await IdentityHarness.with { h in
            let batch = RecordAuditEventsRequest(events: [Self.event("forged:1", tenant: h.tenant)])
            #expect(await seedCode { _ = try await h.audit.recordAuditEvents(batch, options: h.asUser()) } == "AUTHZ_PERMISSION_DENIED")
            let stored = try await Self.list(h).entries
            #expect(stored.isEmpty)
        }
    }

    @Test func recording_refusesInvalidEvents_andOversizedBatches_storingNothing() async throws {
        try await IdentityHarness.with { h in
            var noAction = Self.event("e:2", tenant: h.tenant)
            noAction.action = ""
            var badTenant = Self.event("e:3", tenant: h.tenant)
            badTenant.tenantId = "acme"
            let batch = RecordAuditEventsRequest(events: [Self.event("e:1", tenant: h.tenant), noAction, badTenant, Self.event("", tenant: h.tenant)])
            let details = await rpcDetails { _ = try await h.relay.recordAuditEvents(batch) }
            #expect(details?.code == "VAL_MULTIPLE_ERRORS")
            #expect(Set(details?.violations.map(\.field) ?? []) == ["events[1].action", "events[2].tenantId", "events[3].id"])
            let tooMany = RecordAuditEventsRequest(events: (0...1000).map { Self.event("e:\($0)", tenant: h.tenant) })
            #expect(await seedCode { _ = try await h.relay.recordAuditEvents(tooMany) } == "VAL_OUT_OF_RANGE")
            let stored = try await Self.list(h).entries
            #expect(stored.isEmpty)
        }
    }

    @Test func userName_isFilledFromTheUsersTable_ofTheEventsTenantOnly() async throws {
        try await IdentityHarness.with { h in
            let ana = h.user.uuidString.lowercased()
            let other = UUID()
            let batch = [Self.event("e:1", tenant: h.tenant, user: ana.uppercased(), minute: 1),
                         Self.event("e:2", tenant: h.tenant, user: UUID().uuidString.lowercased(), minute: 2),
                         // Ana's id in another tenant names nobody there.
                         Self.event("e:3", tenant: other, user: ana, minute: 3)]
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: batch))
            let mine = try await Self.list(h).entries
            #expect(mine.map(\.user?.name) == ["", "Ana Pop"])
            #expect(mine.last?.user?.id == ana, "the id is stored lower-case")
            #expect(try await Self.list(h, tenant: other).entries.map(\.user?.name) == [""])
        }
    }

    @Test func hardDelete_anonymizesTheUsersEntries_andReportsTheCount() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.admin.createUser(
                CreateUserRequest(email: "ion.\(UUID().uuidString.prefix(8).lowercased())@example.com", firstName: "Ion", lastName: "Popa",
                                  role: "sales_rep", tempPassword: "Temporary-pass-7"), options: h.asUser())
            let ion = created.id
            let personal = AuditChange(field: "email", oldValue: "\"\(created.email)\"", newValue: "\"ion@example.org\"")
            let batch = [Self.event("e:1", tenant: h.tenant, user: ion, email: created.email, minute: 1),
                         Self.event("e:2", tenant: h.tenant, user: ion, email: created.email, minute: 2),
                         Self.event("e:3", tenant: h.tenant, action: "user.updated", user: h.user.uuidString.lowercased(), email: h.email,
                                    entity: ("user", ion), minute: 3, changes: [personal]),
                         Self.event("e:4", tenant: h.tenant, user: h.user.uuidString.lowercased(), email: h.email, minute: 4)]
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: batch))
            #expect(try await Self.list(h, ListAuditLogRequest(userId: ion)).entries.map(\.user?.name) == ["Ion Popa", "Ion Popa"])

            let deleted = try await h.admin.deleteUser(DeleteUserRequest(id: ion, hardDelete: true), options: h.asUser())
            // Two entries by Ion, one relayed about Ion, and Identity's own two about Ion: created, erased.
            #expect(deleted.dataDeleted?.logsAnonymized == 5)
            #expect(deleted.dataDeleted?.tables.contains("audit_log") == true)

            let byIon = try await Self.list(h, ListAuditLogRequest(userId: ion)).entries
            #expect(byIon.map(\.id) == ["e:2", "e:1"], "the id stays, an opaque pseudonym")
            for entry in byIon {
                #expect(entry.user == AuditUser(id: ion, email: "", name: ""))
                #expect(entry.metadata?.ipAddress == "" && entry.metadata?.userAgent == "")
            }
            let about = try #require(try await Self.list(h, ListAuditLogRequest(action: "user.updated", entityType: "user", entityId: ion)).entries.first)
            #expect(about.description == "" && about.changes == [AuditChange(field: "email", oldValue: "", newValue: "")])
            #expect(about.user?.email == h.email, "the admin who made the change is not erased")
            let untouched = try await Self.list(h, ListAuditLogRequest(userId: h.user.uuidString.lowercased())).entries
            #expect(untouched.allSatisfy { $0.user?.name == "Ana Pop" && $0.metadata?.ipAddress == "198.51.100.1" })

            // A relay arriving after the erasure stores the entry already anonymized.
            _ = try await h.relay.recordAuditEvents(RecordAuditEventsRequest(events: [
                Self.event("e:5", tenant: h.tenant, user: ion, email: created.email, minute: 5)]))
            let late = try #require(try await Self.list(h, ListAuditLogRequest(userId: ion)).entries.first)
            #expect(late.id == "e:5" && late.user?.email == "" && late.metadata?.ipAddress == "" && late.metadata?.userAgent == "")
        }
    }
}
