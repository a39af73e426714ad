import CatalogAPI
import CatalogService
import CommonAPI
import Foundation
import RPCCore
import ServiceKit
import Testing

/// Reservation expiry (003 §6.4 `expiresIn`): the sweeper releases what expired, including
/// what expired while the service was down, with `release` movements whose reason is `expired`.
struct StockExpiryTests {
    @Test func reservationsThatExpireWhileTheServiceIsStopped_areReleasedWhenItStartsAgain() async throws {
        // First run: a reservation for one minute, then the service stops.
        let (tenant, product, reservationId) = try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "EXP-1", stock: 10)
            let reservation = try await harness.client.reserveStock(
                ReserveStockRequest(negotiationId: "neg-exp", items: [ReservationItemRequest(productId: product.uuidString, quantity: 4)],
                                    expiresIn: 1), options: harness.options)
            #expect(try await harness.stockItem(product).reservedStock == 4)
            return (harness.tenant, product, reservation.reservationId)
        }

        // Second run, two minutes later by the service's clock.
        let clock = TestClock()
        clock.advance(120)
        try await CatalogHarness.with(tenant: tenant, now: clock.reading) { harness in
            let options = harness.options(tenant: tenant)
            let lapsed = try await harness.stockItem(product, options: options)
            #expect((lapsed.reservedStock, lapsed.availableStock) == (0, 10), "an expired reservation holds nothing, swept or not")
            #expect(try await harness.ledger(of: product, tenant: tenant).reservations == -4, "not released yet")

            // The sweeper's pass at start does it: its next pass would be an hour away.
            var configuration = CatalogWorkers.Configuration.fast
            configuration.sweeper.interval = .seconds(3600)
            try await harness.withWorkers(now: clock.reading, configuration: configuration) {
                try await eventually("the expired reservation is released") {
                    try await harness.ledger(of: product, tenant: tenant).reservations == 0
                }
            }
            let releases = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: product.uuidString, type: .release), options: options)
            #expect(releases.data.count == 1)
            #expect(releases.data.first?.quantity == 4)
            #expect(releases.data.first?.reason == "expired")
            #expect(releases.data.first?.createdBy == CatalogAPI.Actor(type: .system, id: "reservation-sweeper", name: "Reservation expiry"))
            #expect((releases.data.first?.previousStock, releases.data.first?.newStock) == (6, 10))

            // Releasing it now answers with the sweeper's release.
            let release = try await harness.client.releaseReservation(ReleaseReservationRequest(reservationId: reservationId), options: options)
            #expect(release.releasedItems.map(\.quantity) == [4])
            #expect(try await harness.count("stock_movements", tenant: tenant) == 3)
        }
    }

    @Test func twoSweepersSideBySide_releaseEachExpiredReservationOnce() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "EXP-2", stock: 100)
            for index in 0..<30 {
                _ = try await harness.client.reserveStock(
                    ReserveStockRequest(negotiationId: "neg-\(index)", items: [ReservationItemRequest(productId: product.uuidString, quantity: 2)],
                                        expiresIn: 1), options: harness.options)
            }
            let later: @Sendable () -> Date = { Date().addingTimeInterval(120) }
            let store = CatalogStore(pool: harness.pool)
            let configuration = ReservationSweeper.Configuration(batchSize: 4, tenants: [harness.tenant.uuidString.lowercased()])
            let sweepers = (0..<2).map { _ in
                ReservationSweeper(store: store, configuration: configuration, log: Logger(component: "test", sink: { _ in }), now: later)
            }
            async let first = sweepers[0].sweep()
            async let second = sweepers[1].sweep()
            // Every reservation released exactly once, however the two raced.
            _ = try await first + second
            let releases = try await harness.client.listStockMovements(
                ListStockMovementsRequest(productId: product.uuidString, limit: 100, type: .release), options: harness.options)
            #expect(releases.data.count == 30)
            #expect(try await harness.ledger(of: product).reservations == 0)
            #expect(try await harness.count("reservations") == 30)
        }
    }
}
