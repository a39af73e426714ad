import Foundation
import ServiceKit

/// The catalog's background work, for the serve command to run beside the server: the
/// reservation sweeper and the job worker (imports, exports, export expiry, and the outbox's
/// audit records when given an `AuditRelay`).
///
/// ```swift
/// let workers = CatalogWorkers(store: store, auditRelay: AuditRelay(identity: auditClient))
/// async let background: Void = workers.run()
/// // on SIGTERM, with the server's drain:
/// workers.beginGracefulShutdown()
/// try await background
/// ```
public final class CatalogWorkers: Sendable {
    /// How the background work paces itself.
    public struct Configuration: Sendable {
        /// The reservation sweeper's.
        public var sweeper: ReservationSweeper.Configuration
        /// The job worker's.
        public var jobs: JobWorker.Configuration

        /// The defaults of both, with two jobs at a time so a long import does not hold up exports.
        public init(sweeper: ReservationSweeper.Configuration = .init(), jobs: JobWorker.Configuration = .init(concurrency: 2)) {
            self.sweeper = sweeper
            self.jobs = jobs
        }
    }

    /// Releases expired reservations.
    public let sweeper: ReservationSweeper
    /// Runs the catalog's jobs.
    public let worker: JobWorker

    /// The workers of `store`, judging reservation and export expiry by `now`. Without an
    /// `auditRelay` the outbox is not relayed: audit records wait there until one is given.
    public init(store: CatalogStore, auditRelay: AuditRelay? = nil, configuration: Configuration = Configuration(),
                log: Logger = Logger(component: "catalog.workers"), now: @escaping @Sendable () -> Date = Date.init) {
        sweeper = ReservationSweeper(store: store, configuration: configuration.sweeper, log: log, now: now)
        worker = JobWorker(queue: store.jobs, handlers: Self.handlers(store: store, now: now), relay: auditRelay?.outboxRelay,
                           configuration: configuration.jobs, log: log)
    }

    /// The handler of each catalog job kind.
    static func handlers(store: CatalogStore, now: @escaping @Sendable () -> Date) -> [String: JobHandler] {
        let importer = ProductImportRunner(store: store, now: now)
        let exporter = ProductExportRunner(store: store, now: now)
        return [
            ProductImportRunner.kind: { try await importer.run($0) },
            ProductExportRunner.kind: { try await exporter.run($0) },
            ProductExportRunner.expiryKind: { try await exporter.expire($0) },
        ]
    }

    /// Runs both until `beginGracefulShutdown()`, then returns once the sweep and the job
    /// under way have finished. Throws when the job worker cannot LISTEN at start.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.sweeper.run() }
            group.addTask { try await self.worker.run() }
            try await group.waitForAll()
        }
    }

    /// Stops both after the work under way.
    public func beginGracefulShutdown() {
        sweeper.beginGracefulShutdown()
        worker.beginGracefulShutdown()
    }
}
