import Postgres
import ServiceKit

// Migrations of the stock ledger, reservations and import/export jobs (versions 4 and 5).
extension CatalogSchema {
    /// The service's job queue and outbox (DESIGN D6), with no row-level security: see
    /// `JobQueue` for why, and how each job's work is still fenced to its tenant.
    static let jobQueue = JobQueue.migrationSQL(schema: service) + "\n" + Outbox.migrationSQL(schema: service)

    /// The reservation sweeper must find expired reservations of every tenant, but
    /// `reservations` is fenced by forced row-level security and the service runs as
    /// `catalog_app`. So one narrow door: `tenants_with_expired_reservations` runs as the
    /// schema's owner (SECURITY DEFINER), which one extra read-only policy lets see unreleased
    /// reservations, and returns tenant ids only. The sweeper then releases each tenant's
    /// reservations in a transaction bound to that tenant, fenced like any call.
    static let stockAndJobs = """
        ALTER TABLE stock_movements ADD COLUMN notes text NOT NULL DEFAULT '';

        CREATE POLICY expiry_sweep ON reservations FOR SELECT TO \(PGQuery.quoteIdentifier(service + "_owner"))
            USING (released_at IS NULL);
        CREATE FUNCTION tenants_with_expired_reservations(as_of timestamptz, max_tenants int) RETURNS SETOF uuid
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(PGQuery.quoteIdentifier(service)), pg_temp
            AS $$
                SELECT DISTINCT tenant_id FROM reservations
                WHERE released_at IS NULL AND expires_at <= as_of
                LIMIT max_tenants
            $$;
        REVOKE ALL ON FUNCTION tenants_with_expired_reservations(timestamptz, int) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION tenants_with_expired_reservations(timestamptz, int) TO \(PGQuery.quoteIdentifier(service + "_app"));

        ALTER TABLE import_jobs
            ADD COLUMN file bytea,
            ADD COLUMN file_name text NOT NULL DEFAULT '',
            ADD COLUMN mapping jsonb NOT NULL DEFAULT '{}',
            ADD COLUMN update_existing boolean NOT NULL DEFAULT false,
            ADD COLUMN skip_invalid boolean NOT NULL DEFAULT false,
            ADD COLUMN failure_reason text NOT NULL DEFAULT '',
            ADD COLUMN created_by text NOT NULL DEFAULT '',
            ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

        ALTER TABLE export_jobs
            ADD COLUMN filters jsonb NOT NULL DEFAULT '{}',
            ADD COLUMN fields text[] NOT NULL DEFAULT '{}',
            ADD COLUMN include_images boolean NOT NULL DEFAULT false,
            ADD COLUMN row_count int NOT NULL DEFAULT 0,
            ADD COLUMN file_name text NOT NULL DEFAULT '',
            ADD COLUMN failure_reason text NOT NULL DEFAULT '',
            ADD COLUMN finished_at timestamptz;
        """
}
