import Foundation
import Postgres
import Synchronization

/// Runs a `JobQueue`'s jobs (DESIGN D6): claims one due job at a time with `FOR UPDATE SKIP
/// LOCKED`, runs the handler registered for its kind, marks it done, or schedules a retry
/// with exponential backoff and jitter until it is dead after `maxAttempts`. Also relays the
/// service's `Outbox` when given a relay.
///
/// ```swift
/// let worker = JobWorker(queue: jobs, handlers: ["catalog.product-import": importer.run])
/// async let running: Void = worker.run()
/// // on SIGTERM:
/// worker.beginGracefulShutdown()
/// try await running
/// ```
///
/// It wakes when a job is enqueued (`LISTEN` on the queue's channel; `enqueue` notifies at
/// commit), when the next delayed job is due, and every `pollInterval` as a fallback for
/// notifications lost while the listening connection was away. Workers in any number of
/// processes may share a queue.
public final class JobWorker: Sendable {
    /// How a worker paces itself.
    public struct Configuration: Sendable {
        /// The longest sleep between looks at the table.
        public var pollInterval: Duration
        /// How long a claimed job is a worker's own; a job still running past it is taken to
        /// belong to a dead worker and claimed again. Longer than any job takes.
        public var lease: Duration
        /// The wait before a failed job runs again.
        public var backoff: JobBackoff
        /// Jobs this worker runs at the same time.
        public var concurrency: Int
        /// Outbox events relayed per transaction.
        public var outboxBatch: Int
        /// How long done jobs and published events are kept before they are deleted.
        public var retention: Duration
        /// Only these tenants' outbox events are relayed; nil (a service) relays every tenant's.
        /// Tests that run a relay of their own name their tenant, so they never take another
        /// test's events (the reservation sweeper's `tenants` does the same).
        public var outboxTenants: Set<String>?

        /// The defaults: a poll every 5 s, a 15-minute lease, backoff from 1 s to 10 min,
        /// one job at a time, batches of 100 events, a week of history.
        public init(pollInterval: Duration = .seconds(5), lease: Duration = .seconds(900), backoff: JobBackoff = JobBackoff(),
                    concurrency: Int = 1, outboxBatch: Int = 100, retention: Duration = .seconds(7 * 86_400)) {
            self.pollInterval = pollInterval
            self.lease = lease
            self.backoff = backoff
            self.concurrency = max(1, concurrency)
            self.outboxBatch = max(1, outboxBatch)
            self.retention = retention
        }
    }

    /// The queue worked on.
    public let queue: JobQueue
    /// How it paces itself.
    public let configuration: Configuration
    private let handlers: [String: JobHandler]
    private let relay: OutboxRelay?
    private let log: Logger
    private let stopping = Atomic<Bool>(false)
    private let wakeSignals: [WakeSignal]

    /// A worker running `handlers` (job kind → handler) and, when `relay` is given,
    /// relaying the outbox in the queue's schema.
    public init(queue: JobQueue, handlers: [String: JobHandler], relay: OutboxRelay? = nil,
                configuration: Configuration = Configuration(), log: Logger = Logger(component: "jobs")) {
        self.queue = queue
        self.handlers = handlers
        self.relay = relay
        self.configuration = configuration
        self.log = log
        self.wakeSignals = (0..<configuration.concurrency).map { _ in WakeSignal() }
    }

    /// Works until `beginGracefulShutdown()` (or cancellation), then returns once the jobs
    /// being run have finished. Throws only when the first LISTEN fails (the database is
    /// unreachable at start); later database failures are logged and retried.
    public func run() async throws {
        let notifications = try await queue.pool.notifications(channel: queue.channel)
        let listening = Task { [wakeSignals] in
            for await _ in notifications {
                for signal in wakeSignals { signal.signal() }
            }
        }
        defer { listening.cancel() }
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                for (index, signal) in wakeSignals.enumerated() {
                    group.addTask { await self.loop(signal, housekeeping: index == 0) }
                }
            }
        } onCancel: {
            beginGracefulShutdown()
        }
    }

    /// Stops taking new jobs; `run()` returns when the jobs being run have finished.
    public func beginGracefulShutdown() {
        stopping.store(true, ordering: .releasing)
        for signal in wakeSignals { signal.signal() }
    }

    private var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// One lane: drain what is due, then sleep until woken, the next job is due, or the poll.
    private func loop(_ signal: WakeSignal, housekeeping: Bool) async {
        let clock = ContinuousClock()
        var lastPurge: ContinuousClock.Instant?
        while !isStopping {
            var sleep = configuration.pollInterval
            do {
                while !isStopping, let claim = try await queue.claim(lease: configuration.lease) {
                    await execute(claim)
                }
                if let relay, !isStopping {
                    let outbox = Outbox(pool: queue.pool, schema: queue.schema)
                    while !isStopping, try await outbox.drainBatch(limit: configuration.outboxBatch, backoff: configuration.backoff,
                                                                 tenants: configuration.outboxTenants, relay: relay) == configuration.outboxBatch {}
                }
                if housekeeping, lastPurge.map({ clock.now - $0 > .seconds(3600) }) ?? true {
                    lastPurge = clock.now
                    try await queue.purgeDone(olderThan: configuration.retention)
                    try await Outbox(pool: queue.pool, schema: queue.schema).purgePublished(olderThan: configuration.retention)
                }
                if let due = try await queue.timeUntilNextDue() {
                    // A job due now that the claim passed over is being claimed by another
                    // worker: look again shortly rather than spin.
                    sleep = max(.milliseconds(25), min(sleep, due))
                }
            } catch {
                log.error("job queue unavailable", ["schema": queue.schema, "error": String(reflecting: error)])
            }
            if isStopping { break }
            await signal.wait(timeout: sleep)
        }
    }

    /// Runs one claimed job and records how it ended. Never throws: a failure to record the
    /// end is logged, and the lease brings the job back.
    private func execute(_ claim: JobQueue.Claim) async {
        let job = claim.job
        let fields = ["jobId": job.id.uuidString.lowercased(), "kind": job.kind, "attempt": String(job.attempts)]
        do {
            if job.attempts > job.maxAttempts {
                throw PermanentJobFailure("its lease ran out on every attempt (a worker died while running it)")
            }
            guard let handler = handlers[job.kind] else {
                throw JobWorkerError(description: "no handler for job kind \(job.kind)")
            }
            try await handler(JobContext(job: job, pool: queue.pool))
            if try await !queue.complete(claim) {
                log.warning("job finished after its lease ran out", fields)
            }
        } catch {
            let permanent = error is PermanentJobFailure
            let retryAfter = configuration.backoff.delay(afterAttempts: job.attempts)
            do {
                let status = try await queue.fail(claim, error: String(reflecting: error), retryAfter: retryAfter, permanent: permanent)
                var failure = fields
                failure["error"] = String(reflecting: error)
                failure["status"] = status.rawValue
                log.log(status == .dead ? .error : .warning, "job failed", failure)
            } catch let recordError {
                log.error("job failure not recorded", fields.merging(["error": String(reflecting: recordError)]) { $1 })
            }
        }
    }
}

/// A job the worker cannot run.
struct JobWorkerError: Error, CustomStringConvertible {
    var description: String
}
