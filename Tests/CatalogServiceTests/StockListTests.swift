import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// ListStock (003 §6.1) and ListStockMovements (§6.2): filters, computed levels, pagination.
struct StockListTests {
    @Test func levelsStatusAndAlerts_comeFromActiveReservations() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "LVL-1", stock: 10, minStock: 3, reorderPoint: 5)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-1", items: [ReservationItemRequest(productId: product.uuidString, quantity: 6)]),
                options: harness.options)
            let item = try await harness.stockItem(product)
            #expect((item.totalStock, item.reservedStock, item.availableStock) == (10, 6, 4))
            #expect(item.status == .inStock)
            #expect(item.statusLabel == "In stock")
            #expect(item.alerts.map(\.type) == [.belowReorder])
            #expect(item.activeReservations.map(\.id) == [reservation.reservationId])
            #expect(item.activeReservations.first?.negotiationId == "neg-1")
            #expect(item.activeReservations.first?.quantity == 6)
            #expect(item.activeReservations.first?.expiresAt == reservation.expiresAt)
            #expect(item.lastMovement?.type == .in, "reservations are not the last movement of stock on hand")
            #expect(item.lastMovement?.quantity == 10)

            _ = try await harness.client.releaseReservation(ReleaseReservationRequest(reservationId: reservation.reservationId),
                                                            options: harness.options)
            let released = try await harness.stockItem(product)
            #expect((released.reservedStock, released.availableStock) == (0, 10))
            #expect(released.activeReservations.isEmpty)
            #expect(released.alerts.isEmpty)
        }
    }

    @Test func everyFilterOfTheSeed_selectsItsProducts() async throws {
        try await CatalogHarness.with { harness in
            let plenty = try await harness.makeProduct(sku: "F-PLENTY", stock: 100, minStock: 10, reorderPoint: 20, category: "tools")
            let low = try await harness.makeProduct(sku: "F-LOW", stock: 5, minStock: 10, category: "tools")
            let none = try await harness.makeProduct(sku: "F-NONE", stock: 0, category: "paint")
            let held = try await harness.makeProduct(sku: "F-HELD", stock: 30, minStock: 1, reorderPoint: 25, category: "paint")
            _ = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-f", items: [ReservationItemRequest(productId: held.uuidString, quantity: 10)]),
                options: harness.options)

            func skus(_ request: ListStockRequest) async throws -> [String] {
                try await harness.client.listStock(request, options: harness.options).data.map(\.sku)
            }
            #expect(try await skus(ListStockRequest()) == ["F-HELD", "F-LOW", "F-NONE", "F-PLENTY"])
            #expect(try await skus(ListStockRequest(status: .inStock)) == ["F-HELD", "F-PLENTY"])
            #expect(try await skus(ListStockRequest(status: .lowStock)) == ["F-LOW"])
            #expect(try await skus(ListStockRequest(status: .outOfStock)) == ["F-NONE"])
            #expect(try await skus(ListStockRequest(status: .reserved)) == ["F-HELD"])
            #expect(try await skus(ListStockRequest(hasReservations: true)) == ["F-HELD"])
            #expect(try await skus(ListStockRequest(belowReorderPoint: true)) == ["F-HELD"])
            #expect(try await skus(ListStockRequest(category: "paint")) == ["F-HELD", "F-NONE"])
            #expect(try await skus(ListStockRequest(sku: "F-LOW")) == ["F-LOW"])
            #expect(try await skus(ListStockRequest(productId: plenty.uuidString)) == ["F-PLENTY"])
            #expect(try await skus(ListStockRequest(sort: .availableStock, order: .desc)) == ["F-PLENTY", "F-HELD", "F-LOW", "F-NONE"])
            _ = (low, none)

            let other = try await harness.client.listStock(ListStockRequest(), options: harness.options(tenant: UUID()))
            #expect(other.data.isEmpty, "another tenant sees none of them")
        }
    }

    @Test func pagesFollowTheSeedsPagination() async throws {
        try await CatalogHarness.with { harness in
            for index in 1...5 { try await harness.makeProduct(sku: "P-\(index)", stock: Int64(index)) }
            let second = try await harness.client.listStock(ListStockRequest(page: 2, limit: 2), options: harness.options)
            #expect(second.data.map(\.sku) == ["P-3", "P-4"])
            #expect(second.pagination == PageInfo(page: 2, limit: 2, total: 5, totalPages: 3, hasNext: true, hasPrevious: true))
            let defaults = try await harness.client.listStock(ListStockRequest(), options: harness.options)
            #expect(defaults.pagination == PageInfo(page: 1, limit: 25, total: 5, totalPages: 1, hasNext: false, hasPrevious: false))
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.listStock(ListStockRequest(limit: 101), options: harness.options)
            }
            #expect(seedCode(error) == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func movementsFilterByTypeAndDate_andPage() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "MOV-1", stock: 10)
            let id = product.uuidString
            for quantity in [1, 2, 3] as [Int64] {
                _ = try await harness.client.adjustStock(AdjustStockRequest(productId: id, type: .add, quantity: quantity, reason: "r\(quantity)"),
                                                         options: harness.options)
            }
            let cut = Date()
            try await Task.sleep(for: .milliseconds(20))
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-m", items: [ReservationItemRequest(productId: id, quantity: 4)]), options: harness.options)
            _ = try await harness.client.releaseReservation(ReleaseReservationRequest(reservationId: reservation.reservationId),
                                                            options: harness.options)

            let all = try await harness.client.listStockMovements(ListStockMovementsRequest(productId: id), options: harness.options)
            #expect(all.data.map(\.type) == [.in, .adjustment, .adjustment, .adjustment, .reservation, .release])
            #expect(all.data.map(\.quantity) == [10, 1, 2, 3, -4, 4])
            #expect(all.data[4].previousStock == 16 && all.data[4].newStock == 12)
            #expect(all.data[5].previousStock == 12 && all.data[5].newStock == 16)
            #expect(all.data[4].reference == StockMovementReference(type: .negotiation, id: "neg-m"))
            #expect(all.pagination?.total == 6)

            let later = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: id, dateFrom: .of(cut)),
                options: harness.options)
            #expect(later.data.map(\.type) == [.reservation, .release])

            let page = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: id, page: 2, limit: 2, sort: .quantity, order: .desc), options: harness.options)
            #expect(page.data.map(\.quantity) == [3, 2])
            #expect(page.pagination?.totalPages == 3)

            let missing = await #expect(throws: RPCError.self) {
                _ = try await harness.client.listStockMovements(ListStockMovementsRequest(productId: id), options: harness.options(tenant: UUID()))
            }
            #expect(seedCode(missing) == "RES_NOT_FOUND")
        }
    }
}
