import Postgres

/// The gateway's own schema (DESIGN D7): edge state every replica shares. Provisioned by
/// `cerniq serve --target gateway` when DATABASE_URL is set.
///
/// The tables are keyed by tenant but not fenced by row-level security: the gateway acts for
/// every tenant at once and never runs a query on a tenant's behalf with its own filter.
/// `granted` and `previous` hold what the statement that last wrote the row granted and
/// weighed, so `RETURNING` can report them (PostgreSQL before 18 cannot return old values).
public enum GatewaySchema {
    public static let service = "gateway"

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "rate limit windows and buckets", sql: """
            CREATE TABLE rate_windows (
                tenant_id    text   NOT NULL,
                limit_name   text   NOT NULL,
                window_start bigint NOT NULL,
                used         bigint NOT NULL CHECK (used >= 0),
                granted      bigint NOT NULL,
                previous     bigint NOT NULL,
                expires_at   bigint NOT NULL,
                PRIMARY KEY (tenant_id, limit_name, window_start)
            );
            CREATE INDEX rate_windows_expiry ON rate_windows (expires_at);
            CREATE TABLE rate_buckets (
                tenant_id   text   NOT NULL,
                limit_name  text   NOT NULL,
                units       bigint NOT NULL CHECK (units >= 0),
                updated_at  bigint NOT NULL,
                granted     bigint NOT NULL,
                expires_at  bigint NOT NULL,
                PRIMARY KEY (tenant_id, limit_name)
            );
            CREATE INDEX rate_buckets_expiry ON rate_buckets (expires_at);
            """),
        // Idempotency keys (Idempotency/): one row per (tenant, caller, key) from the first
        // claim until `expires_at` (24 h); `locked_until` bounds a running claim whose replica died.
        Migration(version: 2, name: "idempotency keys", sql: """
            CREATE TABLE idempotency_keys (
                tenant_id    text    NOT NULL,
                caller_id    text    NOT NULL,
                key          text    NOT NULL,
                fingerprint  bytea   NOT NULL,
                state        text    NOT NULL CHECK (state IN ('running', 'completed')),
                status       integer,
                headers      text,
                body         bytea,
                locked_until bigint  NOT NULL,
                created_at   bigint  NOT NULL,
                expires_at   bigint  NOT NULL,
                PRIMARY KEY (tenant_id, caller_id, key),
                CHECK (state = 'running' OR (status IS NOT NULL AND headers IS NOT NULL))
            );
            CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
            """),
    ]
}
