import Postgres

extension JobQueue {
    /// The SQL that creates the queue's table in `schema`, for one of the service's
    /// migrations. `jobs` deliberately has no row-level security (see `JobQueue`): it
    /// carries `tenant_id` and the worker binds each job's work to it.
    ///
    /// - `status`: queued → running → done, or back to queued with a later `run_at` after
    ///   a failure, or dead after `max_attempts` runs.
    /// - `locked_by` is the claim's token and `locked_at` its start: a running job whose lease
    ///   ran out (its worker died) is claimed again.
    public static func migrationSQL(schema: String) -> String {
        let table = PGQuery.quoteIdentifier(schema) + ".jobs"
        return """
            CREATE TABLE \(table) (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                tenant_id uuid,
                kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 200),
                payload jsonb NOT NULL DEFAULT '{}',
                status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
                attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                max_attempts int NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
                run_at timestamptz NOT NULL DEFAULT now(),
                last_error text,
                locked_at timestamptz,
                locked_by uuid,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz
            );
            -- The claim's work list: queued jobs by when they may run.
            CREATE INDEX jobs_due ON \(table) (run_at) WHERE status = 'queued';
            -- Running jobs by lease start, to find the ones whose worker died.
            CREATE INDEX jobs_running ON \(table) (locked_at) WHERE status = 'running';
            CREATE INDEX jobs_dead ON \(table) (updated_at) WHERE status = 'dead';
            CREATE INDEX jobs_done ON \(table) (finished_at) WHERE status = 'done';
            """
    }
}
