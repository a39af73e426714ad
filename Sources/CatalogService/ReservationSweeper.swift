import Foundation
import Postgres
import RPCCore
import ServiceKit
import Synchronization

/// Releases reservations whose expiry has passed (003 §6.4 `expiresIn`), with a `release`
/// movement whose reason is `expired`: once at start, so reservations that expired while the
/// service was down are released as soon as it is back, then every `interval`.
///
/// Each pass asks for the tenants that have expired reservations (the one cross-tenant read,
/// see `CatalogSchema.stockAndJobs`), then works per tenant in transactions bound to it, a
/// batch at a time: the batch's reservations are locked `FOR UPDATE SKIP LOCKED`, so several
/// replicas sweep side by side and a reservation being released by a call is left to it.
public final class ReservationSweeper: Sendable {
    /// How the sweeper paces itself.
    public struct Configuration: Sendable {
        /// Time between passes.
        public var interval: Duration
        /// Reservations released per transaction.
        public var batchSize: Int
        /// Tenants looked up per query.
        public var tenantsPerQuery: Int
        /// Only these tenants' reservations; nil (the service) sweeps every tenant. Tests that
        /// run a sweeper on a clock of their own name their tenant, so they never release
        /// another test's reservations early.
        public var tenants: Set<String>?

        /// A pass every 5 s, batches of 100, 100 tenants at a time.
        public init(interval: Duration = .seconds(5), batchSize: Int = 100, tenantsPerQuery: Int = 100, tenants: Set<String>? = nil) {
            self.interval = interval
            self.batchSize = max(1, batchSize)
            self.tenantsPerQuery = max(1, tenantsPerQuery)
            self.tenants = tenants
        }
    }

    private let store: CatalogStore
    private let configuration: Configuration
    private let log: Logger
    private let now: @Sendable () -> Date
    private let stopping = Atomic<Bool>(false)
    private let wake = WakeSignal()

    /// A sweeper over `store`'s reservations, judging expiry by `now`.
    public init(store: CatalogStore, configuration: Configuration = Configuration(),
                log: Logger = Logger(component: "catalog.sweeper"), now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.configuration = configuration
        self.log = log
        self.now = now
    }

    /// Sweeps at once, then every `interval`, until `beginGracefulShutdown()`; a failed pass
    /// is logged and the next one tries again.
    public func run() async {
        await withTaskCancellationHandler {
            await loop()
        } onCancel: {
            beginGracefulShutdown()
        }
    }

    private func loop() async {
        while !stopping.load(ordering: .acquiring) {
            do {
                let released = try await sweep()
                if released > 0 { log.info("released expired reservations", ["count": String(released)]) }
            } catch {
                log.error("reservation sweep failed", ["error": String(reflecting: error)])
            }
            if stopping.load(ordering: .acquiring) { break }
            await wake.wait(timeout: configuration.interval)
        }
    }

    /// Stops after the pass under way; `run()` then returns.
    public func beginGracefulShutdown() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    /// One pass: releases every reservation expired now that no one else holds; returns how many.
    @discardableResult
    public func sweep() async throws -> Int {
        let asOf = now()
        var released = 0
        while true {
            let tenants: [String]
            if let only = configuration.tenants {
                tenants = only.sorted()
            } else {
                tenants = try await withDatabaseErrors {
                    try await store.tenantsWithExpiredReservations(at: asOf, limit: configuration.tenantsPerQuery)
                }
            }
            var progressed = false
            for tenant in tenants {
                while true {
                    let count = try await sweepBatch(tenant: tenant, at: asOf)
                    released += count
                    progressed = progressed || count > 0
                    if count < configuration.batchSize { break }
                }
            }
            // Done when every tenant fit one query, or when all that is left is held by others.
            if configuration.tenants != nil || tenants.count < configuration.tenantsPerQuery || !progressed { return released }
        }
    }

    /// Releases one batch of `tenant`'s expired reservations in one transaction.
    private func sweepBatch(tenant: String, at asOf: Date) async throws -> Int {
        try await withDatabaseErrors {
            try await store.pool.withTransaction(tenant: tenant, deadline: Deadline.after(.seconds(60))) { tx in
                let batch = try await store.lockExpiredReservations(tx, at: asOf, limit: configuration.batchSize)
                // Every product of the batch locked at once, in id order, as ReserveStock locks
                // them: the sweeper and a reservation never wait on each other in a cycle.
                _ = try await store.lockProducts(tx, ids: try await store.heldProductIds(tx, reservationIds: batch.map(\.id)), includeDeleted: true)
                for reservation in batch {
                    _ = try await store.release(tx, reservation, at: asOf, reason: .expired, actor: .reservationSweeper)
                    // No call context: the system did this, so the record names no user.
                    try await store.record(tx, nil, "stock.reservation_expired", .reservation, id: reservation.id.lowercased,
                                           "The reservation for negotiation \(reservation.negotiationId) expired and was released")
                }
                return batch.count
            }
        }
    }
}
