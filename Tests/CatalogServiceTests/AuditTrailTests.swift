import CatalogAPI
import CatalogService
import CommonAPI
import Foundation
import RPCCore
import ServiceKit
import Testing

/// The audit log's records (003 §13.7): every state-changing call writes exactly one, in its
/// own transaction, through the catalog's outbox; a call that fails writes none.
struct AuditTrailTests {
    @Test func createProduct_recordsWhoFromWhereAndWhat() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.client.createProduct(newProduct("BRM-750"), options: harness.userOptions).id
            let events = try await harness.auditEvents()
            #expect(events.count == 1)
            let record = try #require(events.first?.record)
            #expect((record.action, record.entityType, record.entityId) == ("product.created", "product", id))
            #expect(record.description == "Created product BRM-750")
            #expect((record.userId, record.userEmail, record.sessionId, record.apiKeyId) == ("user-7", "ana@example.ro", "session-3", ""))
            #expect((record.ipAddress, record.userAgent, record.requestId) == ("203.0.113.9", "curl/8.5", "req-audit-1"))
            #expect(abs(record.timestamp.timeIntervalSinceNow) < 60)
        }
    }

    @Test func updateProduct_recordsEachChangedFieldsOldAndNewValue_andANoOpRecordsNothing() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("UPD-A", name: "Drill", price: "10.00"))
            var request = UpdateProductRequest(id: id, updateMask: ["name", "price", "subcategory", "tags"])
            request.name = "Hammer drill"
            request.price = dec("12.50")
            request.subcategory = "drills"
            request.tags = ["sds", "pro"]
            _ = try await harness.client.updateProduct(request, options: harness.userOptions)
            var same = UpdateProductRequest(id: id, updateMask: ["name"])
            same.name = "Hammer drill"
            _ = try await harness.client.updateProduct(same, options: harness.userOptions)

            let events = try await harness.auditEvents()
            #expect(events.map(\.record.action) == ["product.created", "product.updated"])
            let update = try #require(events.last?.record)
            #expect((update.entityType, update.entityId, update.userId) == ("product", id, "user-7"))
            #expect(update.changes == [
                .init(field: "name", oldValue: #""Drill""#, newValue: #""Hammer drill""#),
                .init(field: "subcategory", oldValue: "null", newValue: #""drills""#),
                .init(field: "price", oldValue: "10", newValue: "12.5"),
                .init(field: "tags", oldValue: "[]", newValue: #"["sds","pro"]"#),
            ])
        }
    }

    @Test func deleteProduct_recordsSoftAndHardDeletes() async throws {
        try await CatalogHarness.with { harness in
            let soft = try await harness.create(newProduct("DEL-S"))
            let hard = try await harness.create(newProduct("DEL-H"))
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: soft), options: harness.userOptions)
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: hard, hard: true), options: harness.userOptions)
            let deletes = try await harness.auditEvents().map(\.record).filter { $0.action == "product.deleted" }
            #expect(deletes.map(\.entityId) == [soft, hard])
            #expect(deletes.map(\.description) == ["Deleted product DEL-S (soft)", "Deleted product DEL-H (hard)"])
        }
    }

    @Test func setRelatedProducts_recordsProductRelatedSet() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.create(newProduct("REL-A"))
            let other = try await harness.create(newProduct("REL-B"))
            _ = try await harness.client.setRelatedProducts(
                SetRelatedProductsRequest(productId: product, relations: [ProductRelationInput(productId: other, relation: .upsell)]),
                options: harness.userOptions)
            let record = try #require(try await harness.auditEvents().last?.record)
            #expect((record.action, record.entityType, record.entityId) == ("product.related_set", "product", product))
            #expect(record.description == "Set 1 related products of REL-A")
        }
    }

    @Test func startImportAndExport_recordTheirJobs() async throws {
        try await CatalogHarness.with { harness in
            let csv = "SKU,Denumire,Categorie,Pret,TVA,UM\nIMP-1,Cui,feronerie,1,21,buc\n"
            let imported = try await harness.client.startProductImport(
                StartProductImportRequest(file: Array(csv.utf8), fileName: "produse.csv",
                                          mapping: ["SKU": "sku", "Denumire": "name", "Categorie": "category", "Pret": "price",
                                                    "TVA": "vatRate", "UM": "unit"],
                                          options: ProductImportOptions(dryRun: true)), options: harness.userOptions)
            let exported = try await harness.client.startProductExport(StartProductExportRequest(format: .csv), options: harness.userOptions)
            let records = try await harness.auditEvents().map(\.record)
            #expect(records.map { [$0.action, $0.entityType, $0.entityId] } == [
                ["product_import.started", "product_import", imported.jobId],
                ["product_export.started", "product_export", exported.jobId],
            ])
            #expect(records.first?.description == "Started importing products from produse.csv (dry run)")
        }
    }

    @Test func adjustStock_recordsStockOldAndNew() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-A", stock: 5)
            _ = try await harness.client.adjustStock(
                AdjustStockRequest(productId: product.uuidString, type: .add, quantity: 3, reason: "delivery"), options: harness.userOptions)
            let events = try await harness.auditEvents()
            #expect(events.count == 1)
            let record = try #require(events.first?.record)
            #expect((record.action, record.entityType, record.entityId) == ("stock.adjusted", "product", product.uuidString.lowercased()))
            #expect(record.changes == [.init(field: "stock", oldValue: "5", newValue: "8")])
            #expect(record.userId == "user-7")
        }
    }

    @Test func reserveAndRelease_recordOnce_evenWhenReleasedTwice() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "RSV-A", stock: 10)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-audit", items: [ReservationItemRequest(productId: product.uuidString, quantity: 4)]),
                options: harness.userOptions).reservationId
            for _ in 0..<2 {
                _ = try await harness.client.releaseReservation(ReleaseReservationRequest(reservationId: reservation), options: harness.userOptions)
            }
            let records = try await harness.auditEvents().map(\.record)
            #expect(records.map(\.action) == ["stock.reserved", "stock.reservation_released"])
            #expect(records.allSatisfy { $0.entityType == "reservation" && $0.entityId == reservation && $0.userId == "user-7" })
        }
    }

    @Test func anExpiredReservation_isRecordedBySweeper_asTheSystem() async throws {
        let clock = TestClock()
        try await CatalogHarness.with(now: clock.reading) { harness in
            let product = try await harness.makeProduct(sku: "EXP-A", stock: 10)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-late", items: [ReservationItemRequest(productId: product.uuidString, quantity: 2)],
                                    expiresIn: 1), options: harness.userOptions).reservationId
            clock.advance(120)
            let sweeper = ReservationSweeper(store: CatalogStore(pool: harness.pool),
                                             configuration: .init(tenants: [harness.tenant.uuidString.lowercased()]), now: clock.reading)
            #expect(try await sweeper.sweep() == 1)
            let expired = try #require(try await harness.auditEvents().last?.record)
            #expect((expired.action, expired.entityType, expired.entityId) == ("stock.reservation_expired", "reservation", reservation))
            #expect((expired.userId, expired.ipAddress, expired.requestId) == ("", "", ""), "no user: the system released it")
        }
    }

    @Test func setVatRate_recordsTheRowByItsKey() async throws {
        try await CatalogHarness.with { harness in
            _ = try await harness.client.setVatRate(
                SetVatRateRequest(rate: dec("23.5"), category: .standard, validFrom: "2027-01-01", description: "Hypothetical"),
                options: harness.userOptions)
            let record = try #require(try await harness.auditEvents().first?.record)
            #expect((record.action, record.entityType, record.entityId) == ("vat_rate.set", "vat_rate", "standard:23.5:2027-01-01"))
        }
    }

    @Test func callsThatFailOrRollBack_recordNothing() async throws {
        try await CatalogHarness.with { harness in
            // Refused by validation before any transaction.
            let invalid = await harness.failure {
                try await harness.client.createProduct(newProduct("BAD-1", name: ""), options: harness.userOptions)
            }
            #expect(seedCode(invalid) == "VAL_REQUIRED_FIELD")
            // Refused inside the transaction, by the database or the rules: rolled back whole.
            let product = try await harness.makeProduct(sku: "FAIL-1", stock: 1)
            let taken = await harness.failure { try await harness.client.createProduct(newProduct("FAIL-1"), options: harness.userOptions) }
            #expect(seedCode(taken) == "VAL_DUPLICATE")
            let short = await harness.failure {
                try await harness.client.adjustStock(
                    AdjustStockRequest(productId: product.uuidString, type: .subtract, quantity: 5, reason: "too many"), options: harness.userOptions)
            }
            #expect(seedCode(short) == "BIZ_STOCK_INSUFFICIENT")
            try await harness.reserve(product.uuidString, quantity: 1)
            let locked = await harness.failure {
                try await harness.client.deleteProduct(DeleteProductRequest(id: product.uuidString), options: harness.userOptions)
            }
            #expect(seedCode(locked) == "RES_LOCKED")
            #expect(try await harness.auditEvents().isEmpty)
        }
    }
}
