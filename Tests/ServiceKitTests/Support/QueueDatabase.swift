import Foundation
import Postgres
import ServiceKit
import Synchronization
import Testing

/// A job queue and outbox in a schema of their own on the test PostgreSQL (deploy/test.sh),
/// dropped afterwards. Tests that need it fail, loudly, when no database is configured.
enum QueueDatabase {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CERNIQ_TEST_DATABASE_URL is not set: run these tests through `bash deploy/test.sh`, which starts a private PostgreSQL"
        }
    }

    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else { throw Missing() }
        return url
    }

    /// Runs `body` with a queue in a fresh schema holding `jobs` and `outbox`.
    static func withQueue<Result>(maxAttempts: Int = 5, _ body: (JobQueue) async throws -> Result) async throws -> Result {
        let pool = PGPool(configuration: .init(url: try url(), maxConnections: 12, applicationName: "servicekit-jobs-test"))
        defer { pool.close() }
        let schema = "jobs_" + String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        let sql = JobQueue.migrationSQL(schema: schema) + "\n" + Outbox.migrationSQL(schema: schema)
        try await Migrator(schema: schema, migrations: [Migration(version: 1, name: "jobs and outbox", sql: sql)]).migrate(pool)
        do {
            let result = try await body(JobQueue(pool: pool, schema: schema, defaultMaxAttempts: maxAttempts))
            try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
            return result
        } catch {
            _ = try? await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
            throw error
        }
    }
}

/// Runs `worker` while `body` runs, then shuts it down gracefully and waits for it.
func withRunning<Result>(_ workers: [JobWorker], _ body: () async throws -> Result) async throws -> Result {
    let tasks = workers.map { worker in Task { try await worker.run() } }
    func stop() async throws {
        for worker in workers { worker.beginGracefulShutdown() }
        for task in tasks { try await task.value }
    }
    do {
        let result = try await body()
        try await stop()
        return result
    } catch {
        try? await stop()
        throw error
    }
}

/// Polls `condition` until it holds, failing after `timeout`.
func eventually(timeout: Duration = .seconds(20), _ what: String = "condition", _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("\(what) did not hold within \(timeout)")
    throw CancellationError()
}

/// What handlers saw, shared across tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

/// An empty payload.
struct Empty: Codable, Sendable {}

/// A payload naming a number.
struct Numbered: Codable, Sendable, Hashable {
    var number: Int
}

extension JobQueue {
    /// Enqueues one job in a transaction of its own.
    @discardableResult
    func enqueueNow<Payload: Codable & Sendable>(kind: String, payload: Payload, tenant: String? = nil, maxAttempts: Int? = nil) async throws -> UUID {
        try await pool.withTransaction(tenant: tenant) { tx in
            try await enqueue(tx, kind: kind, payload: payload, maxAttempts: maxAttempts)
        }
    }

    /// How many jobs have `status`.
    func count(status: Job.Status) async throws -> Int {
        try await pool.query("SELECT count(*) FROM \(identifier: schema).jobs WHERE status = \(status.rawValue)")[0].decode(Int.self, column: 0)
    }
}

/// A value shared across tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    var current: Value {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }

    /// Changes the value and returns the new one.
    func update(_ change: (inout Value) -> Void) -> Value {
        value.withLock { current in
            change(&current)
            return current
        }
    }
}

/// A logger that drops its lines: the failures tests provoke are expected.
let quiet = Logger(component: "jobs", sink: { _ in })
