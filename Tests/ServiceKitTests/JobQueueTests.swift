import Foundation
import Postgres
import Testing
@testable import ServiceKit

/// DESIGN D6 against a real PostgreSQL: claims, retries, dead letters, the transactional
/// outbox property, wake-ups, shutdown.
struct JobQueueTests {
    static let fast = JobWorker.Configuration(pollInterval: .milliseconds(200), backoff: JobBackoff(base: .milliseconds(20), cap: .milliseconds(50)),
                                              concurrency: 2)

    @Test func eachJobRunsExactlyOnce_underTwoConcurrentWorkers() async throws {
        try await QueueDatabase.withQueue { queue in
            let runs = Recorder<Int>()
            let handler: JobHandler = { context in
                runs.append(try context.job.payload(as: Numbered.self).number)
                try await Task.sleep(for: .milliseconds(1))
            }
            let workers = (0..<2).map { _ in JobWorker(queue: queue, handlers: ["count": handler], configuration: Self.fast, log: quiet) }
            try await withRunning(workers) {
                try await queue.pool.withTransaction { tx in
                    for number in 0..<200 { try await queue.enqueue(tx, kind: "count", payload: Numbered(number: number)) }
                }
                try await eventually("all 200 jobs done") { try await queue.count(status: .done) == 200 }
            }
            #expect(runs.all.sorted() == Array(0..<200))
            #expect(try await queue.count(status: .queued) == 0)
        }
    }

    @Test func aFailingJob_isRetriedWithBackoff_thenDead_andListedAsADeadLetter() async throws {
        try await QueueDatabase.withQueue { queue in
            let attempts = Recorder<Int>()
            let worker = JobWorker(queue: queue, handlers: ["flaky": { context in
                attempts.append(context.job.attempts)
                throw JobTestFailure(message: "provider said no")
            }], configuration: Self.fast, log: quiet)
            let id = try await withRunning([worker]) {
                let id = try await queue.enqueueNow(kind: "flaky", payload: Empty(), maxAttempts: 3)
                try await eventually("the job is dead") { try await queue.job(id: id)?.status == .dead }
                return id
            }
            #expect(attempts.all == [1, 2, 3])
            let job = try #require(try await queue.job(id: id))
            #expect(job.attempts == 3)
            #expect(job.lastError?.contains("provider said no") == true)
            #expect(try await queue.deadJobs().map(\.id) == [id])
        }
    }

    @Test func aDeadJob_runsAgainWhenRetried() async throws {
        try await QueueDatabase.withQueue { queue in
            let failing = Shared(true)
            let runs = Recorder<Int>()
            let worker = JobWorker(queue: queue, handlers: ["once-broken": { context in
                runs.append(context.job.attempts)
                if failing.current { throw PermanentJobFailure("bad payload") }
            }], configuration: Self.fast, log: quiet)
            try await withRunning([worker]) {
                let id = try await queue.enqueueNow(kind: "once-broken", payload: Empty())
                try await eventually("the job is dead") { try await queue.job(id: id)?.status == .dead }
                #expect(try await queue.job(id: id)?.attempts == 1, "a permanent failure is not retried")
                failing.current = false
                #expect(try await queue.retry(id: id))
                try await eventually("the retried job is done") { try await queue.job(id: id)?.status == .done }
                #expect(try await queue.retry(id: id) == false, "only a dead job can be retried")
            }
            #expect(runs.all == [1, 1])
            #expect(try await queue.deadJobs().isEmpty)
        }
    }

    @Test func aJobEnqueuedInARolledBackTransaction_neverRuns() async throws {
        try await QueueDatabase.withQueue { queue in
            let kinds = Recorder<String>()
            let record: JobHandler = { context in kinds.append(context.job.kind) }
            let worker = JobWorker(queue: queue, handlers: ["ghost": record, "marker": record], configuration: Self.fast, log: quiet)
            try await withRunning([worker]) {
                await #expect(throws: JobTestFailure.self) {
                    try await queue.pool.withTransaction { tx in
                        try await queue.enqueue(tx, kind: "ghost", payload: Empty())
                        throw JobTestFailure(message: "the change failed")
                    }
                }
                // A job committed afterwards runs; by then the ghost would have run too.
                let marker = try await queue.enqueueNow(kind: "marker", payload: Empty())
                try await eventually("the marker ran") { try await queue.job(id: marker)?.status == .done }
            }
            #expect(kinds.all == ["marker"])
            let ghosts = try await queue.pool.query("SELECT count(*) FROM \(identifier: queue.schema).jobs WHERE kind = 'ghost'")
            #expect(try ghosts[0].decode(Int.self, column: 0) == 0)
        }
    }

    @Test func notifyWakesAnIdleWorker_longBeforeItsPoll() async throws {
        try await QueueDatabase.withQueue { queue in
            let ranAt = Recorder<ContinuousClock.Instant>()
            let slowPoll = JobWorker.Configuration(pollInterval: .seconds(60))
            let worker = JobWorker(queue: queue, handlers: ["wake": { _ in ranAt.append(ContinuousClock.now) }], configuration: slowPoll, log: quiet)
            try await withRunning([worker]) {
                try await Task.sleep(for: .milliseconds(500))  // the worker has drained and sleeps for a minute
                let enqueued = ContinuousClock.now
                try await queue.enqueueNow(kind: "wake", payload: Empty())
                try await eventually(timeout: .seconds(10), "the job ran") { ranAt.count == 1 }
                let latency = try #require(ranAt.all.first) - enqueued
                #expect(latency < .seconds(2), "woken by NOTIFY after \(latency), not by the 60 s poll")
            }
        }
    }

    @Test func gracefulShutdown_finishesTheJobBeingRun() async throws {
        try await QueueDatabase.withQueue { queue in
            let started = Shared(false)
            let finished = Shared(false)
            let worker = JobWorker(queue: queue, handlers: ["slow": { _ in
                started.current = true
                try await Task.sleep(for: .milliseconds(400))
                finished.current = true
            }], configuration: Self.fast, log: quiet)
            let running = Task { try await worker.run() }
            let id = try await queue.enqueueNow(kind: "slow", payload: Empty())
            try await eventually("the job started") { started.current }
            worker.beginGracefulShutdown()
            try await running.value
            #expect(finished.current)
            #expect(try await queue.job(id: id)?.status == .done)
        }
    }

    @Test func aJobWhoseWorkerDied_isClaimedAgainAfterItsLease() async throws {
        try await QueueDatabase.withQueue { queue in
            let id = try await queue.enqueueNow(kind: "orphan", payload: Empty())
            // A worker claims it and dies without finishing.
            let orphaned = try #require(try await queue.claim(lease: .seconds(60)))
            #expect(orphaned.job.id == id)
            #expect(try await queue.claim(lease: .seconds(60)) == nil, "a live lease is not claimed twice")
            let runs = Recorder<Int>()
            var configuration = Self.fast
            configuration.lease = .milliseconds(300)
            let worker = JobWorker(queue: queue, handlers: ["orphan": { runs.append($0.job.attempts) }], configuration: configuration, log: quiet)
            try await withRunning([worker]) {
                try await eventually("the orphan ran") { try await queue.job(id: id)?.status == .done }
            }
            #expect(runs.all == [2])
            #expect(try await queue.complete(orphaned) == false, "the dead worker's claim is void")
        }
    }

    @Test func handlersWorkInTransactionsBoundToTheJobsTenant() async throws {
        try await QueueDatabase.withQueue { queue in
            let tenant = UUID().uuidString.lowercased()
            let seen = Recorder<String>()
            let worker = JobWorker(queue: queue, handlers: ["whoami": { context in
                let setting = try await context.transaction { tx in
                    try await tx.query("SELECT current_setting('app.tenant_id', true) AS tenant")[0].decode(String.self, column: "tenant")
                }
                seen.append(setting)
            }], configuration: Self.fast, log: quiet)
            try await withRunning([worker]) {
                let id = try await queue.enqueueNow(kind: "whoami", payload: Empty(), tenant: tenant)
                #expect(try await queue.job(id: id)?.tenant == tenant)
                try await eventually("the job ran") { seen.count == 1 }
            }
            #expect(seen.all == [tenant])
        }
    }

    @Test func aJobWithNoHandler_isRetriedThenDead() async throws {
        try await QueueDatabase.withQueue(maxAttempts: 2) { queue in
            let worker = JobWorker(queue: queue, handlers: [:], configuration: Self.fast, log: quiet)
            try await withRunning([worker]) {
                let id = try await queue.enqueueNow(kind: "unknown", payload: Empty())
                try await eventually("the job is dead") { try await queue.job(id: id)?.status == .dead }
                #expect(try await queue.job(id: id)?.lastError?.contains("no handler") == true)
            }
        }
    }
}

struct JobTestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
