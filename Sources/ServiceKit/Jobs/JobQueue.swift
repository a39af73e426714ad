import Foundation
import Postgres
import RPCCore

/// A service's PostgreSQL-backed job queue (DESIGN D6): work that must survive a crash is a
/// row in `<schema>.jobs`, inserted in the same transaction as the change that causes it
/// (the transactional outbox), so a job exists if and only if that change committed.
/// `JobWorker` runs the jobs, at least once each, so handlers must be idempotent.
///
/// ```swift
/// let jobs = JobQueue(pool: pool, schema: "catalog")
/// try await pool.withTransaction(tenant: tenant) { tx in
///     let id = try await insertImport(tx, file)
///     try await jobs.enqueue(tx, kind: "catalog.product-import", payload: ["importId": id])
/// }
/// ```
///
/// **Tenancy.** Unlike the service's tenant-owned tables, `jobs` has no row-level security:
/// a worker must see every tenant's jobs to claim them, and it runs with no tenant set. Each
/// job carries its `tenant_id` instead, and the worker runs the job's work in transactions
/// bound to that tenant (`JobContext.transaction`), so the handler's queries are fenced as a
/// call's are. Only the queue and its worker read the table; handlers see their own job only.
public struct JobQueue: Sendable {
    /// The pool the queue's statements run on.
    public let pool: PGPool
    /// The schema holding `jobs` (the service's own).
    public let schema: String
    /// Runs allowed before a job is dead, unless `enqueue` says otherwise.
    public let defaultMaxAttempts: Int

    /// The queue in `schema` (where `migrationSQL(schema:)` created it).
    public init(pool: PGPool, schema: String, defaultMaxAttempts: Int = 5) {
        self.pool = pool
        self.schema = schema
        self.defaultMaxAttempts = max(1, defaultMaxAttempts)
    }

    /// The NOTIFY channel that wakes this queue's workers: `<schema>_jobs`.
    public var channel: String { schema + "_jobs" }

    /// Adds a job in `tx`, for the transaction's tenant: it exists only if `tx` commits, and
    /// the workers listening on `channel` are woken at commit. It runs at `runAt` (now when
    /// nil), with its payload encoded as JSON.
    @discardableResult
    public func enqueue<Payload: Codable & Sendable>(
        _ tx: PGTransaction, kind: String, payload: Payload, runAt: Date? = nil, maxAttempts: Int? = nil
    ) async throws -> UUID {
        let attempts = max(1, maxAttempts ?? defaultMaxAttempts)
        let rows = try await tx.query("""
            INSERT INTO \(identifier: schema).jobs (tenant_id, kind, payload, max_attempts, run_at)
            VALUES (\(tx.tenant)::uuid, \(kind), \(PGJSON(payload))::jsonb, \(attempts), coalesce(\(runAt), now()))
            RETURNING id
            """)
        try await tx.notify(channel: channel, payload: kind)
        return try rows[0].decode(UUID.self, column: "id")
    }

    /// The job with `id`, whatever its status; nil when there is none.
    public func job(id: UUID, deadline: Deadline? = nil) async throws -> Job? {
        try await pool.query("SELECT \(fragment: Job.columns) FROM \(identifier: schema).jobs WHERE id = \(id)", deadline: deadline)
            .first.map(Job.init(row:))
    }

    /// The dead letters: jobs that failed every attempt, most recent first.
    public func deadJobs(limit: Int = 100, deadline: Deadline? = nil) async throws -> [Job] {
        try await pool.query("""
            SELECT \(fragment: Job.columns) FROM \(identifier: schema).jobs
            WHERE status = 'dead' ORDER BY updated_at DESC, id LIMIT \(max(0, limit))
            """, deadline: deadline).map(Job.init(row:))
    }

    /// Queues a dead job again, now, with its attempts reset (its last error is kept until
    /// the next run). True when the job was dead; false when there is no such dead job.
    @discardableResult
    public func retry(id: UUID, deadline: Deadline? = nil) async throws -> Bool {
        try await pool.withTransaction(deadline: deadline) { tx in
            let rows = try await tx.query("""
                UPDATE \(identifier: schema).jobs
                SET status = 'queued', attempts = 0, run_at = now(), locked_at = NULL, locked_by = NULL, updated_at = now()
                WHERE id = \(id) AND status = 'dead'
                RETURNING kind
                """)
            guard let kind = try rows.first?.decode(String.self, column: "kind") else { return false }
            try await tx.notify(channel: channel, payload: kind)
            return true
        }
    }
}
