import RPCCore

/// Brings a service's schema up to date at start: applies the migrations not yet recorded in
/// `<schema>.schema_migrations`, in version order, in one transaction.
///
/// ```swift
/// try await Migrator(schema: "catalog", migrations: CatalogSchema.migrations, owner: "catalog_owner")
///     .migrate(pool)
/// ```
///
/// Replicas starting together are safe: the transaction first takes
/// `pg_advisory_xact_lock` on a key derived from the schema name, so one applies and the
/// others then find nothing to do. A migration already applied whose SQL changed since makes
/// `migrate` throw `MigrationError` (`.checksumMismatch`) naming the version and both
/// checksums, and nothing is applied. Recorded versions this binary does not know (a newer
/// replica migrated first) are left alone.
public struct Migrator: Sendable {
    /// The schema migrated; created if missing.
    public let schema: String
    /// Every migration of the service.
    public let migrations: [Migration]
    /// The role the migrations run as (`SET LOCAL ROLE`), so it owns what they create; nil
    /// to run as the connecting role.
    public let owner: String?

    /// A migrator for `schema`.
    public init(schema: String, migrations: [Migration], owner: String? = nil) {
        self.schema = schema
        self.migrations = migrations
        self.owner = owner
    }

    /// The advisory-lock key of this schema's migrations.
    var lockKey: Int64 { SHA256.lockKey("cerniq.migrations." + schema) }

    /// Applies what is missing; returns the versions applied by this call (often none).
    @discardableResult
    public func migrate(_ pool: PGPool, deadline: Deadline? = nil) async throws -> [Int] {
        let ordered = try validated()
        return try await pool.withTransaction(deadline: deadline) { tx in
            try await tx.query("SELECT pg_advisory_xact_lock(\(lockKey))")
            let exists = try await tx.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)::text").count == 1
            if !exists {
                if let owner {
                    try await tx.query("CREATE SCHEMA \(identifier: schema) AUTHORIZATION \(identifier: owner)")
                } else {
                    try await tx.query("CREATE SCHEMA \(identifier: schema)")
                }
            }
            if let owner { try await tx.query("SET LOCAL ROLE \(identifier: owner)") }
            try await tx.query("SET LOCAL search_path TO \(identifier: schema)")
            try await tx.query("""
                CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            var recorded: [Int: String] = [:]
            for row in try await tx.query("SELECT version, checksum FROM \(identifier: schema).schema_migrations") {
                recorded[try row.decode(Int.self, column: "version")] = try row.decode(String.self, column: "checksum")
            }
            for migration in ordered {
                if let checksum = recorded[migration.version], checksum != migration.checksum {
                    throw MigrationError(
                        .checksumMismatch, schema: schema, version: migration.version, recordedChecksum: checksum,
                        currentChecksum: migration.checksum,
                        reason: "migration \(migration.version) (\"\(migration.name)\") was changed after it was applied: "
                            + "recorded checksum \(checksum), now \(migration.checksum); add a new migration instead")
                }
            }
            var applied: [Int] = []
            for migration in ordered where recorded[migration.version] == nil {
                do {
                    try await tx.script(migration.sql)
                } catch let error as PGError {
                    throw MigrationError(
                        .migrationFailed, schema: schema, version: migration.version, underlying: error,
                        reason: "migration \(migration.version) (\"\(migration.name)\") failed; nothing was applied")
                }
                try await tx.query("""
                    INSERT INTO \(identifier: schema).schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                applied.append(migration.version)
            }
            return applied
        }
    }

    /// The migrations in version order; throws for repeated or non-positive versions.
    private func validated() throws -> [Migration] {
        var seen: Set<Int> = []
        for migration in migrations {
            guard migration.version > 0 else {
                throw MigrationError(.invalidMigrations, schema: schema, version: migration.version, reason: "version \(migration.version) is not positive")
            }
            guard seen.insert(migration.version).inserted else {
                throw MigrationError(.invalidMigrations, schema: schema, version: migration.version, reason: "version \(migration.version) appears twice")
            }
        }
        return migrations.sorted { $0.version < $1.version }
    }
}
