import Postgres

/// What a handler gets: its job, and transactions bound to the job's tenant, so the work
/// is fenced by row-level security exactly as a call for that tenant would be (DESIGN D5).
public struct JobContext: Sendable {
    /// The job being run.
    public let job: Job
    /// The pool the queue runs on.
    public let pool: PGPool

    /// Runs `body` in a transaction for the job's tenant (none for a platform job).
    /// Serialization failures and deadlocks are retried as `PGPool.withTransaction` does.
    public func transaction<Result>(
        isolation: PGTransaction.Isolation = .readCommitted,
        callerIsolation: isolated (any Actor)? = #isolation,
        _ body: (PGTransaction) async throws -> Result
    ) async throws -> Result {
        try await pool.withTransaction(tenant: job.tenant, isolation: isolation, callerIsolation: callerIsolation, body)
    }
}

/// Runs one kind of job. Throwing fails the run: it is retried with backoff, or dead after
/// the job's last attempt (at once for `PermanentJobFailure`). A job can run more than once
/// (a worker may die after the work and before marking it done), so a handler must be
/// idempotent: doing a job twice must leave what doing it once leaves.
public typealias JobHandler = @Sendable (JobContext) async throws -> Void
