import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// AdjustStock (003 §6.3) over real RPC and PostgreSQL.
struct StockAdjustTests {
    @Test func setAddAndSubtract_changeStock_withAnAdjustmentMovementEach() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-1", stock: 10, minStock: 5, reorderPoint: 8)
            let id = product.uuidString.lowercased()
            let added = try await harness.client.adjustStock(
                AdjustStockRequest(productId: id, type: .add, quantity: 5, reason: "delivery", referenceType: .return,
                                   referenceId: "RET-7", notes: "two boxes"), options: harness.options)
            #expect((added.previousStock, added.adjustment, added.newStock) == (10, 5, 15))
            #expect(added.sku == "ADJ-1")
            #expect(added.alerts.isEmpty)

            let subtracted = try await harness.client.adjustStock(
                AdjustStockRequest(productId: id, type: .subtract, quantity: 11, reason: "damage"), options: harness.options)
            #expect((subtracted.previousStock, subtracted.adjustment, subtracted.newStock) == (15, -11, 4))
            #expect(subtracted.alerts.map(\.type) == [.lowStock, .belowReorder])

            let set = try await harness.client.adjustStock(
                AdjustStockRequest(productId: id, type: .set, quantity: 0, reason: "inventory count"), options: harness.options)
            #expect((set.previousStock, set.adjustment, set.newStock) == (4, -4, 0))
            #expect(set.alerts.map(\.type) == [.outOfStock, .belowReorder])

            let movements = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: id, type: .adjustment), options: harness.options)
            #expect(movements.data.map(\.quantity) == [5, -11, -4])
            #expect(movements.data.map(\.previousStock) == [10, 15, 4])
            #expect(movements.data.map(\.newStock) == [15, 4, 0])
            #expect(movements.data.map(\.movementIdIsSet) == [true, true, true])
            let first = try #require(movements.data.first)
            #expect(first.reason == "delivery")
            #expect(first.reference == StockMovementReference(type: .manual, id: "RET-7", name: "Return"))
            #expect(first.typeLabel == "Adjustment")
            #expect(first.createdBy?.type == .system, "no principal: the calling component")
            #expect(movements.data.last?.id == set.movementId)
            #expect(try await harness.ledger(of: product).onHand == 0)
        }
    }

    @Test func theMovementNamesTheUserOfThePrincipal() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-2", stock: 1)
            var options = harness.options
            options.metadata.principal = Principal(tenantId: harness.tenant.uuidString.lowercased(), userId: "user-42",
                                                   email: "ana@example.ro").encoded()
            _ = try await harness.client.adjustStock(
                AdjustStockRequest(productId: product.uuidString, type: .add, quantity: 1, reason: "found one"), options: options)
            let movements = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: product.uuidString, type: .adjustment), options: harness.options)
            #expect(movements.data.first?.createdBy == CatalogAPI.Actor(type: .user, id: "user-42", name: "ana@example.ro"))
        }
    }

    @Test func subtractingBelowZero_isStockInsufficient_andChangesNothing() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-3", stock: 3)
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.adjustStock(
                    AdjustStockRequest(productId: product.uuidString, type: .subtract, quantity: 4, reason: "sold"), options: harness.options)
            }
            #expect(seedCode(error) == "BIZ_STOCK_INSUFFICIENT")
            #expect(error?.code == .failedPrecondition)
            #expect(try await harness.stockItem(product).totalStock == 3)
            #expect(try await harness.count("stock_movements") == 1)
        }
    }

    @Test func aReasonAndAType_areRequired_andTheProductMustExist() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-4", stock: 3).uuidString
            let cases: [(AdjustStockRequest, String, String)] = [
                (AdjustStockRequest(productId: product, type: .add, quantity: 1, reason: "  "), "VAL_REQUIRED_FIELD", "reason"),
                (AdjustStockRequest(productId: product, quantity: 1, reason: "x"), "VAL_REQUIRED_FIELD", "type"),
                (AdjustStockRequest(productId: product, type: .set, quantity: -1, reason: "x"), "VAL_OUT_OF_RANGE", "quantity"),
                (AdjustStockRequest(productId: UUID().uuidString, type: .add, quantity: 1, reason: "x"), "RES_NOT_FOUND", "productId"),
                (AdjustStockRequest(productId: "nope", type: .add, quantity: 1, reason: "x"), "RES_NOT_FOUND", "productId"),
            ]
            for (request, code, field) in cases {
                let error = await #expect(throws: RPCError.self) { _ = try await harness.client.adjustStock(request, options: harness.options) }
                #expect(seedCode(error) == code)
                #expect(seedField(error) == field)
            }
        }
    }

    @Test func anotherTenantsProduct_isNotFound() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "ADJ-5", stock: 3)
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.adjustStock(
                    AdjustStockRequest(productId: product.uuidString, type: .add, quantity: 1, reason: "x"), options: harness.options(tenant: UUID()))
            }
            #expect(seedCode(error) == "RES_NOT_FOUND")
        }
    }
}

private extension StockMovement {
    var movementIdIsSet: Bool { UUID(uuidString: id) != nil }
}
