import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// ReserveStock and ReleaseReservation (003 §6.4, §6.5) over real RPC and PostgreSQL.
struct StockReservationTests {
    @Test func twoHundredConcurrentReservationsOfOneUnit_againstAStockOfFifty_reserveExactlyFifty() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "RACE-1", stock: 50)
            let request = ReserveStockRequest(negotiationId: "neg-race", items: [ReservationItemRequest(productId: product.uuidString, quantity: 1)])
            let outcomes = try await withThrowingTaskGroup(of: ReserveStockResponse.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await harness.client.reserveStock(request, options: harness.options) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let reserved = outcomes.map { $0.items.first?.reservedQuantity ?? -1 }
            #expect(reserved.filter { $0 == 1 }.count == 50)
            #expect(reserved.filter { $0 == 0 }.count == 150)
            #expect(outcomes.filter { !$0.warnings.isEmpty }.count == 150)

            let item = try await harness.stockItem(product)
            #expect((item.totalStock, item.reservedStock, item.availableStock) == (50, 50, 0))
            #expect(item.status == .outOfStock)
            // The ledger agrees: reservations less releases are what is held, and stock on
            // hand is the sum of in, out and adjustment movements.
            let ledger = try await harness.ledger(of: product)
            #expect(-ledger.reservations == item.reservedStock)
            #expect(ledger.onHand == item.totalStock)
            let movements = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: product.uuidString, limit: 100, type: .reservation), options: harness.options)
            #expect(movements.data.count == 50)
            // Under the row lock each reservation saw the one before: available went 50 → 0 one unit at a time.
            #expect(movements.data.map(\.previousStock) == Array(stride(from: 50, to: 0, by: -1)))
            #expect(movements.data.map(\.newStock) == Array(stride(from: 49, through: 0, by: -1)))
        }
    }

    @Test func aReservation_takesWhatIsAvailable_andReportsTheShortfall() async throws {
        try await CatalogHarness.with { harness in
            let enough = try await harness.makeProduct(sku: "RES-A", stock: 10)
            let short = try await harness.makeProduct(sku: "RES-B", stock: 3)
            let clock = Date()
            let response = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-2", items: [
                    ReservationItemRequest(productId: enough.uuidString, quantity: 4),
                    ReservationItemRequest(productId: short.uuidString.lowercased(), quantity: 5),
                ], expiresIn: 30, notes: "for the Cluj offer"), options: harness.options)
            #expect(response.negotiationId == "neg-2")
            #expect(response.items == [
                ReservedItem(productId: enough.uuidString.lowercased(), sku: "RES-A", requestedQuantity: 4, reservedQuantity: 4, shortfall: 0),
                ReservedItem(productId: short.uuidString.lowercased(), sku: "RES-B", requestedQuantity: 5, reservedQuantity: 3, shortfall: 2),
            ])
            #expect(response.warnings.map(\.productId) == [short.uuidString.lowercased()])
            let expiresIn = try #require(response.expiresAt).instant.timeIntervalSince(clock)
            #expect(abs(expiresIn - 30 * 60) < 10)
            #expect(try await harness.stockItem(short).availableStock == 0)
        }
    }

    @Test func unknownProducts_andBadItems_areRefusedNamingTheItem() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "RES-C", stock: 3).uuidString
            let otherTenants = try await harness.makeProduct(sku: "RES-D", stock: 3, tenant: UUID()).uuidString
            let cases: [([ReservationItemRequest], String, String)] = [
                ([.init(productId: product, quantity: 1), .init(productId: UUID().uuidString, quantity: 1)], "VAL_REFERENCE_INVALID", "items[1].productId"),
                ([.init(productId: otherTenants, quantity: 1)], "VAL_REFERENCE_INVALID", "items[0].productId"),
                ([.init(productId: "not-an-id", quantity: 1)], "VAL_REFERENCE_INVALID", "items[0].productId"),
                ([.init(productId: product, quantity: 0)], "VAL_OUT_OF_RANGE", "items[0].quantity"),
                ([.init(productId: product, quantity: 1), .init(productId: product.lowercased(), quantity: 1)], "VAL_DUPLICATE", "items[1].productId"),
                ([], "VAL_REQUIRED_FIELD", "items"),
            ]
            for (items, code, field) in cases {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await harness.client.reserveStock(ReserveStockRequest(negotiationId: "neg", items: items), options: harness.options)
                }
                #expect(seedCode(error) == code, "\(field)")
                #expect(seedField(error) == field)
            }
            let noNegotiation = await #expect(throws: RPCError.self) {
                _ = try await harness.client.reserveStock(ReserveStockRequest(items: [.init(productId: product, quantity: 1)]), options: harness.options)
            }
            #expect(seedField(noNegotiation) == "negotiationId")
            #expect(try await harness.count("reservations") == 0)
        }
    }

    @Test func releasing_givesTheUnitsBack_andASecondReleaseAnswersTheFirst() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "REL-1", stock: 8)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-3", items: [ReservationItemRequest(productId: product.uuidString, quantity: 5)]),
                options: harness.options)
            let request = ReleaseReservationRequest(reservationId: reservation.reservationId)
            let first = try await harness.client.releaseReservation(request, options: harness.options)
            #expect(first.reservationId == reservation.reservationId)
            #expect(first.negotiationId == "neg-3")
            #expect(first.releasedItems == [ReleasedItem(productId: product.uuidString.lowercased(), sku: "REL-1", quantity: 5)])
            let second = try await harness.client.releaseReservation(request, options: harness.options)
            #expect(second == first)
            #expect(try await harness.stockItem(product).availableStock == 8)
            let releases = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: product.uuidString, type: .release), options: harness.options)
            #expect(releases.data.count == 1, "the second release wrote nothing")
            #expect(releases.data.first?.reason == "released")
            #expect(try await harness.ledger(of: product).reservations == 0)
        }
    }

    @Test func anotherTenantsReservation_isNotFound() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "REL-2", stock: 8)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-4", items: [ReservationItemRequest(productId: product.uuidString, quantity: 1)]),
                options: harness.options)
            for id in [reservation.reservationId, UUID().uuidString, "garbage"] {
                let options = id == reservation.reservationId ? harness.options(tenant: UUID()) : harness.options
                let error = await #expect(throws: RPCError.self) {
                    _ = try await harness.client.releaseReservation(ReleaseReservationRequest(reservationId: id), options: options)
                }
                #expect(seedCode(error) == "RES_NOT_FOUND")
                #expect(error?.code == .notFound)
            }
            #expect(try await harness.stockItem(product).reservedStock == 1, "the other tenant released nothing")
        }
    }
}
