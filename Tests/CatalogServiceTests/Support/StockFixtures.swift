import CatalogAPI
import CatalogService
import CommonAPI
import Foundation
import Postgres
import RPCCore
import ServiceKit
import Synchronization
import Testing

/// A clock a test moves by hand: the service's `now`.
final class TestClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    /// The real time plus what the test has advanced.
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    /// Moves the clock `seconds` ahead.
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// The clock as the service reads it.
    var reading: @Sendable () -> Date { { self.now } }
}

extension CatalogHarness {
    /// Inserts a product straight into the table (CreateProduct belongs to the products
    /// handlers), with an `in` movement for its starting stock so the ledger agrees.
    @discardableResult
    func makeProduct(sku: String, stock: Int64 = 0, minStock: Int64 = 0, reorderPoint: Int64 = 0, category: String = "tools",
                     name: String? = nil, tenant: UUID? = nil) async throws -> UUID {
        let tenant = (tenant ?? self.tenant).uuidString.lowercased()
        return try await pool.withTransaction(tenant: tenant) { tx in
            let id = try await tx.query("""
                INSERT INTO products (tenant_id, sku, name, category, price, vat_rate, unit, stock, min_stock, reorder_point)
                VALUES (\(tenant)::uuid, \(sku), \(name ?? "Product \(sku)"), \(category), 10.00, 21, 'buc', \(stock), \(minStock), \(reorderPoint))
                RETURNING id
                """)[0].decode(UUID.self, column: "id")
            if stock > 0 {
                try await tx.query("""
                    INSERT INTO stock_movements (tenant_id, product_id, type, quantity, previous_stock, new_stock, reason, reference_type)
                    VALUES (\(tenant)::uuid, \(id), 'in', \(stock), 0, \(stock), 'opening stock', 'manual')
                    """)
            }
            return id
        }
    }

    /// Runs the catalog's workers (sweeper and job worker, relaying the outbox through
    /// `auditRelay` when given) while `body` runs.
    func withWorkers<Result>(now: @escaping @Sendable () -> Date = Date.init, auditRelay: AuditRelay? = nil,
                             configuration: CatalogWorkers.Configuration = .fast,
                             _ body: () async throws -> Result) async throws -> Result {
        var configuration = configuration
        // This harness's tenant only: other tests' reservations are judged by their own clocks.
        configuration.sweeper.tenants = [tenant.uuidString.lowercased()]
        configuration.jobs.outboxTenants = [tenant.uuidString.lowercased()]
        let workers = CatalogWorkers(store: CatalogStore(pool: pool), auditRelay: auditRelay, configuration: configuration,
                                     log: Logger(component: "catalog.workers", sink: { _ in }), now: now)
        let running = Task { try await workers.run() }
        do {
            let result = try await body()
            workers.beginGracefulShutdown()
            try await running.value
            return result
        } catch {
            workers.beginGracefulShutdown()
            try? await running.value
            throw error
        }
    }

    /// The tenant's ledger sums: on-hand movements (in, out, adjustment) and reservation
    /// movements (reservation and release), per product.
    func ledger(of product: UUID, tenant: UUID? = nil) async throws -> (onHand: Int64, reservations: Int64) {
        let tenant = (tenant ?? self.tenant).uuidString.lowercased()
        return try await pool.withTransaction(tenant: tenant) { tx in
            let row = try await tx.query("""
                SELECT coalesce(sum(quantity) FILTER (WHERE type IN ('in', 'out', 'adjustment')), 0)::bigint AS on_hand,
                       coalesce(sum(quantity) FILTER (WHERE type IN ('reservation', 'release')), 0)::bigint AS reservations
                FROM stock_movements WHERE product_id = \(product)
                """)[0]
            return (try row.decode(Int64.self, column: "on_hand"), try row.decode(Int64.self, column: "reservations"))
        }
    }

    /// Rows of `table` the tenant has.
    func count(_ table: String, tenant: UUID? = nil) async throws -> Int {
        let tenant = (tenant ?? self.tenant).uuidString.lowercased()
        return try await pool.withTransaction(tenant: tenant) { tx in
            try await tx.query("SELECT count(*) FROM \(identifier: table)")[0].decode(Int.self, column: 0)
        }
    }

    /// The stock level of one product as ListStock shows it.
    func stockItem(_ product: UUID, options: CallOptions? = nil) async throws -> StockItem {
        let page = try await client.listStock(ListStockRequest(productId: product.uuidString.lowercased()), options: options ?? self.options)
        return try #require(page.data.first)
    }
}

extension CatalogWorkers.Configuration {
    /// Quick polls and retries, for tests.
    static var fast: CatalogWorkers.Configuration {
        CatalogWorkers.Configuration(
            sweeper: .init(interval: .milliseconds(200)),
            jobs: .init(pollInterval: .milliseconds(200), backoff: JobBackoff(base: .milliseconds(50), cap: .milliseconds(200))))
    }
}

/// The seed code (StatusDetails.code) an RPC failure carries.
func seedCode(_ error: (any Error)?) -> String? {
    guard let error = error as? RPCError else { return nil }
    return (try? StatusDetails(decoding: error.details))?.code
}

/// The first violation's field of an RPC failure.
func seedField(_ error: (any Error)?) -> String? {
    guard let error = error as? RPCError else { return nil }
    return (try? StatusDetails(decoding: error.details))?.violations.first?.field
}

/// Polls `condition` until it holds, failing after `timeout`.
func eventually(timeout: Duration = .seconds(30), _ what: String = "condition", _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(25))
    }
    Issue.record("\(what) did not hold within \(timeout)")
    throw CancellationError()
}

extension Timestamp {
    /// The instant, for assertions.
    var instant: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9) }

    /// The timestamp of `date`.
    static func of(_ date: Date) -> Timestamp {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return Timestamp(seconds: Int64(seconds), nanos: Int32((date.timeIntervalSince1970 - seconds) * 1e9))
    }
}
