import Foundation
import Postgres

// The worker's side of the queue: claim, finish, fail. Every statement is one short
// transaction of its own; a job's work runs between the claim and the finish, outside them.
extension JobQueue {
    /// A job claimed by one worker, with the token that proves the claim is still its own.
    struct Claim: Sendable {
        var job: Job
        var token: UUID
    }

    /// Claims the job due first: a queued job whose `run_at` has come, or a running one
    /// whose lease ran out (its worker died). `FOR UPDATE SKIP LOCKED` lets concurrent
    /// workers pass over the rows another is claiming, so each job goes to exactly one.
    func claim(lease: Duration) async throws -> Claim? {
        let token = UUID()
        let rows = try await pool.query("""
            UPDATE \(identifier: schema).jobs AS j
            SET status = 'running', attempts = j.attempts + 1, locked_at = now(), locked_by = \(token), updated_at = now()
            FROM (
                SELECT id FROM \(identifier: schema).jobs
                WHERE (status = 'queued' AND run_at <= now())
                   OR (status = 'running' AND locked_at < now() - \(lease.milliseconds) * interval '1 millisecond')
                ORDER BY run_at, created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ) AS next
            WHERE j.id = next.id
            RETURNING j.id, j.tenant_id::text AS tenant, j.kind, j.payload::text AS payload, j.status, j.attempts,
                      j.max_attempts, j.run_at, j.last_error, j.created_at
            """)
        guard let row = rows.first else { return nil }
        return Claim(job: try Job(row: row), token: token)
    }

    /// Marks a claimed job done; false when the claim was lost (its lease ran out and
    /// another worker took it).
    @discardableResult
    func complete(_ claim: Claim) async throws -> Bool {
        try await pool.query("""
            UPDATE \(identifier: schema).jobs
            SET status = 'done', locked_at = NULL, locked_by = NULL, finished_at = now(), updated_at = now()
            WHERE id = \(claim.job.id) AND locked_by = \(claim.token) AND status = 'running'
            """).affectedRows == 1
    }

    /// Records a failed run: queued again after `retryAfter`, or dead when the job has had
    /// all its attempts or `permanent` says no retry can help.
    @discardableResult
    func fail(_ claim: Claim, error: String, retryAfter: Duration, permanent: Bool) async throws -> Job.Status {
        let dead = permanent || claim.job.attempts >= claim.job.maxAttempts
        let status: Job.Status = dead ? .dead : .queued
        try await pool.query("""
            UPDATE \(identifier: schema).jobs
            SET status = \(status.rawValue), last_error = \(String(error.prefix(2000))), locked_at = NULL, locked_by = NULL,
                run_at = CASE WHEN \(dead) THEN run_at ELSE now() + \(retryAfter.milliseconds) * interval '1 millisecond' END,
                updated_at = now()
            WHERE id = \(claim.job.id) AND locked_by = \(claim.token) AND status = 'running'
            """)
        return status
    }

    /// How long until the next queued job is due (zero when one is due now); nil when none is queued.
    func timeUntilNextDue() async throws -> Duration? {
        let rows = try await pool.query("""
            SELECT greatest(0, (extract(epoch FROM min(run_at) - now()) * 1000))::bigint AS wait
            FROM \(identifier: schema).jobs WHERE status = 'queued'
            """)
        return try rows.first?.decode(Int64?.self, column: "wait").map { .milliseconds($0) }
    }

    /// Deletes done jobs finished before `age` ago; returns how many.
    @discardableResult
    func purgeDone(olderThan age: Duration) async throws -> Int {
        try await pool.query("""
            DELETE FROM \(identifier: schema).jobs
            WHERE status = 'done' AND finished_at < now() - \(age.milliseconds) * interval '1 millisecond'
            """).affectedRows
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
