/// One versioned change to a service's schema: SQL run once, in version order, and never
/// edited after it shipped (its checksum is recorded and checked at every start).
///
/// The SQL may hold several statements. It runs with `search_path` set to the service's
/// schema, so tables are created there by their bare names, and as the schema's owner role
/// when the migrator has one. Tenant-owned tables follow D5:
///
/// ```swift
/// Migration(version: 1, name: "products", sql: """
///     CREATE TABLE products (
///         tenant_id uuid NOT NULL,
///         id uuid NOT NULL DEFAULT gen_random_uuid(),
///         name text NOT NULL,
///         price numeric(14, 2) NOT NULL CHECK (price >= 0),
///         PRIMARY KEY (tenant_id, id)
///     );
///     \(ServiceDatabase.tenantIsolation(table: "products"))
///     """)
/// ```
public struct Migration: Sendable, Hashable {
    /// The order key; unique within a service, positive.
    public let version: Int
    /// A short name for humans (`products`, `stock_ledger`).
    public let name: String
    /// The SQL to run.
    public let sql: String

    /// A migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The SHA-256 of `sql` in hex, as recorded in `schema_migrations.checksum`.
    public var checksum: String { SHA256.hex(sql) }
}
