import Foundation
@testable import Postgres
import Testing

/// Migrations: applied once, in order, under an advisory lock; a changed migration refuses.
struct MigratorTests {
    static func migrations(schema: String) -> [Migration] {
        [
            Migration(version: 2, name: "log_second", sql: "INSERT INTO runs (version) VALUES (2);"),
            Migration(version: 1, name: "runs", sql: """
                CREATE TABLE runs (version int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
                INSERT INTO runs (version) VALUES (1);
                """),
            Migration(version: 3, name: "slow", sql: "SELECT pg_sleep(0.2); INSERT INTO runs (version) VALUES (3);"),
        ]
    }

    @Test func appliesMissingMigrationsInVersionOrder_thenNothing() async throws {
        try await withPool { pool in
            let schema = TestDatabase.uniqueName("m")
            let migrator = Migrator(schema: schema, migrations: Self.migrations(schema: schema))
            #expect(try await migrator.migrate(pool) == [1, 2, 3])
            #expect(try await migrator.migrate(pool) == [])
            let runs = try await pool.query("SELECT version FROM \(identifier: schema).runs ORDER BY at").map { try $0.decode(Int.self, column: 0) }
            #expect(runs == [1, 2, 3])
            let recorded = try await pool.query("SELECT version, name, checksum FROM \(identifier: schema).schema_migrations ORDER BY version")
            #expect(try recorded.map { try $0.decode(String.self, column: "name") } == ["runs", "log_second", "slow"])
            #expect(try recorded[0].decode(String.self, column: "checksum") == Self.migrations(schema: schema)[1].checksum)
            // A later release adds one; only it runs.
            let extended = Self.migrations(schema: schema) + [Migration(version: 4, name: "fourth", sql: "INSERT INTO runs (version) VALUES (4)")]
            #expect(try await Migrator(schema: schema, migrations: extended).migrate(pool) == [4])
            try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        }
    }

    @Test func racingMigrators_onSeparatePools_applyEachMigrationExactlyOnce() async throws {
        let schema = TestDatabase.uniqueName("m")
        let migrations = Self.migrations(schema: schema)
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await withPool(maxConnections: 1) { pool in
                        try await Migrator(schema: schema, migrations: migrations).migrate(pool)
                    }
                }
            }
            return try await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        #expect(applied.filter { !$0.isEmpty } == [[1, 2, 3]])
        try await withPool { pool in
            let runs = try await pool.query("SELECT version FROM \(identifier: schema).runs ORDER BY version").map { try $0.decode(Int.self, column: 0) }
            #expect(runs == [1, 2, 3])
            try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        }
    }

    @Test func changedMigration_refusesToStart_namingVersionAndBothChecksums() async throws {
        try await withPool { pool in
            let schema = TestDatabase.uniqueName("m")
            var migrations = Self.migrations(schema: schema)
            try await Migrator(schema: schema, migrations: migrations).migrate(pool)
            let original = migrations[0]
            migrations[0] = Migration(version: 2, name: "log_second", sql: "INSERT INTO runs (version) VALUES (22);")
            migrations.append(Migration(version: 4, name: "never", sql: "INSERT INTO runs (version) VALUES (4)"))
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(schema: schema, migrations: migrations).migrate(pool)
            }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.version == 2)
            let message = error?.description ?? ""
            #expect(message.contains("migration 2"))
            #expect(message.contains(original.checksum))
            #expect(message.contains(migrations[0].checksum))
            // Nothing of that run was applied.
            let count = try await pool.query("SELECT count(*) FROM \(identifier: schema).runs")[0].decode(Int.self, column: 0)
            #expect(count == 3)
            try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        }
    }

    @Test func failingMigration_appliesNothingOfItsRun() async throws {
        try await withPool { pool in
            let schema = TestDatabase.uniqueName("m")
            let migrations = Self.migrations(schema: schema) + [Migration(version: 4, name: "broken", sql: "INSERT INTO nowhere VALUES (1)")]
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(schema: schema, migrations: migrations).migrate(pool)
            }
            #expect(error?.code == .migrationFailed)
            #expect(error?.version == 4)
            #expect(error?.underlying?.sqlState == "42P01")
            let exists = try await pool.query("SELECT count(*) FROM pg_namespace WHERE nspname = \(schema)::text")[0].decode(Int.self, column: 0)
            #expect(exists == 0)
        }
    }

    @Test func repeatedVersion_isRefusedBeforeTouchingTheDatabase() async throws {
        let migrations = [Migration(version: 1, name: "a", sql: "SELECT 1"), Migration(version: 1, name: "b", sql: "SELECT 2")]
        try await withPool(url: "postgresql:///postgres?host=/nonexistent-cerniq-socket-dir") { pool in
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(schema: "whatever", migrations: migrations).migrate(pool)
            }
            #expect(error?.code == .invalidMigrations)
        }
    }

    @Test func checksum_isTheSHA256OfTheSQL() {
        #expect(Migration(version: 1, name: "x", sql: "abc").checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.lockKey("cerniq.migrations.a") != SHA256.lockKey("cerniq.migrations.b"))
    }
}
