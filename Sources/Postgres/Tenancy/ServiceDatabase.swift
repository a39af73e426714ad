import CLibPQ
import Foundation
import RPCCore

/// A service's place in the database (DESIGN D5): its schema, a role that owns the schema
/// and its tables, and the role the service logs in as, which may only read and write rows.
///
/// `provision` makes all three with an administrator's connection, for local runs and tests
/// (in production an operator does the same once):
///
/// ```swift
/// let database = try await ServiceDatabase.provision(adminURL: adminURL, service: "catalog",
///                                                    migrations: CatalogSchema.migrations)
/// let pool = PGPool(configuration: .init(url: database.appURL))
/// ```
///
/// | role | can |
/// | --- | --- |
/// | `<service>_owner` | NOLOGIN; owns schema `<service>` and every table; migrations run as it |
/// | `<service>_app` | LOGIN, not superuser, NOBYPASSRLS; USAGE on its schema only; SELECT, INSERT, UPDATE, DELETE on its tables and USAGE on its sequences; no DDL |
///
/// Every tenant-owned table has `tenant_id uuid NOT NULL` and the policy
/// `tenantIsolation(table:)` writes, so a query that forgets its tenant filter still sees one
/// tenant: the one `withTransaction(tenant:)` set, or none.
public struct ServiceDatabase: Sendable, Hashable {
    /// The service's name (`catalog`).
    public let service: String
    /// Its schema: the service's name.
    public let schema: String
    /// The role owning the schema and tables: `<service>_owner`.
    public let ownerRole: String
    /// The role the service connects as: `<service>_app`.
    public let appRole: String
    /// A libpq URL that logs in as `appRole`, on the administrator's server and database.
    public let appURL: String

    /// The per-transaction setting that names the tenant: `app.tenant_id`.
    public static let tenantSetting = "app.tenant_id"

    /// Creates or updates the schema and both roles, runs `migrations` as the owner, and
    /// returns where the app role connects. Idempotent: provisioning again keeps data, gives
    /// the app role a new random password and returns its URL. `adminURL` must connect as a
    /// superuser. `service` is lower-case letters, digits and `_`, starting with a letter.
    ///
    /// This also revokes the default rights of `PUBLIC` on schema `public` in that database,
    /// so no service role can create or read anything outside its own schema.
    /// `extensions` (e.g. `pg_trgm`) are created by the admin inside the service's schema,
    /// where its roles can use them; an extension already installed elsewhere stays there.
    public static func provision(
        adminURL: String, service: String, migrations: [Migration] = [], extensions: [String] = [], deadline: Deadline? = nil
    ) async throws -> ServiceDatabase {
        try validate(service: service)
        let owner = service + "_owner"
        let app = service + "_app"
        let password = randomPassword()
        let admin = PGPool(configuration: .init(url: adminURL, maxConnections: 1, applicationName: "cerniq-provision"))
        defer { admin.close() }
        let database = try await admin.withTransaction(deadline: deadline) { tx in
            // Role and privilege DDL from concurrent provisioning can fail with "tuple
            // concurrently updated" on shared catalog rows (schema public): one at a time.
            try await tx.query("SELECT pg_advisory_xact_lock(\(SHA256.lockKey("cerniq.provision")))")
            if try await !exists(tx, "SELECT 1 FROM pg_roles WHERE rolname = \(owner)::text") {
                try await tx.query("CREATE ROLE \(identifier: owner) NOLOGIN NOINHERIT")
            }
            let appExists = try await exists(tx, "SELECT 1 FROM pg_roles WHERE rolname = \(app)::text")
            // Utility statements take no parameters; the password is hex we generated.
            let attributes = "LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '\(password)'"
            try await tx.script((appExists ? "ALTER ROLE " : "CREATE ROLE ") + PGQuery.quoteIdentifier(app) + " WITH " + attributes)
            if try await exists(tx, "SELECT 1 FROM pg_namespace WHERE nspname = \(service)::text") {
                try await tx.query("ALTER SCHEMA \(identifier: service) OWNER TO \(identifier: owner)")
            } else {
                try await tx.query("CREATE SCHEMA \(identifier: service) AUTHORIZATION \(identifier: owner)")
            }
            for name in extensions {
                try await tx.query("CREATE EXTENSION IF NOT EXISTS \(identifier: name) WITH SCHEMA \(identifier: service)")
            }
            try await tx.query("REVOKE ALL ON SCHEMA \(identifier: service) FROM PUBLIC")
            try await tx.query("GRANT USAGE ON SCHEMA \(identifier: service) TO \(identifier: app)")
            try await tx.query("""
                ALTER DEFAULT PRIVILEGES FOR ROLE \(identifier: owner) IN SCHEMA \(identifier: service)
                GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(identifier: app)
                """)
            try await tx.query("""
                ALTER DEFAULT PRIVILEGES FOR ROLE \(identifier: owner) IN SCHEMA \(identifier: service)
                GRANT USAGE, SELECT ON SEQUENCES TO \(identifier: app)
                """)
            try await tx.query("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(identifier: service) TO \(identifier: app)")
            try await tx.query("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(identifier: service) TO \(identifier: app)")
            try await tx.query("REVOKE ALL ON SCHEMA public FROM PUBLIC")
            let name = try await tx.query("SELECT current_database()")[0].decode(String.self, column: 0)
            try await tx.query("GRANT CONNECT ON DATABASE \(identifier: name) TO \(identifier: app)")
            try await tx.query("ALTER ROLE \(identifier: app) SET search_path TO \(identifier: service)")
            return ServiceDatabase(
                service: service, schema: service, ownerRole: owner, appRole: app,
                appURL: try appURL(adminURL: adminURL, user: app, password: password))
        }
        try await Migrator(schema: service, migrations: migrations, owner: owner).migrate(admin, deadline: deadline)
        // The migrator's bookkeeping table is the owner's alone: the app must not make a
        // migration run twice by deleting its row.
        try await admin.query("REVOKE ALL ON TABLE \(identifier: service).schema_migrations FROM \(identifier: app)", deadline: deadline)
        return database
    }

    /// The SQL that fences a tenant-owned table by row-level security, for a migration:
    /// enable and force RLS (forced, so even the owner role sees one tenant), and the policy
    /// `tenant_isolation` on `tenant_id`, for reads (USING) and writes (WITH CHECK).
    ///
    /// `nullif(…, '')` matters: once a transaction has set `app.tenant_id` locally, the
    /// session keeps the setting with the value `''`, and `''::uuid` would make every later
    /// tenant-less statement on that pooled connection fail instead of seeing nothing.
    public static func tenantIsolation(table: String) -> String {
        let name = PGQuery.quoteIdentifier(table)
        let tenant = "nullif(current_setting('\(tenantSetting)', true), '')::uuid"
        return """
            ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY;
            ALTER TABLE \(name) FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON \(name)
                USING (tenant_id = \(tenant))
                WITH CHECK (tenant_id = \(tenant));
            """
    }

    private static func validate(service: String) throws {
        let bytes = Array(service.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 40
            && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0])
            && bytes.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_")
            }
        guard valid else {
            throw PGError(.invalidParameter, message: "service name must be 1-40 of [a-z0-9_], starting with a letter")
        }
    }

    private static func exists(_ tx: PGTransaction, _ query: PGQuery) async throws -> Bool {
        try await tx.query(query).count > 0
    }

    private static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// `adminURL` with another user and password, as a `postgresql://?key=value…` URL that
    /// keeps every other setting the administrator's URL or connection string had.
    static func appURL(adminURL: String, user: String, password: String) throws -> String {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(adminURL, &message) else {
            let reason = message.map { String(cString: $0).trimmingTrailingNewlines } ?? "not a connection string"
            PQfreemem(message)
            throw PGError(.invalidParameter, message: "admin URL: \(reason)")
        }
        defer { PQconninfoFree(options) }
        var settings: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if let value = option.pointee.val, name != "user", name != "password" {
                settings.append((name, String(cString: value)))
            }
            option += 1
        }
        settings.append(("user", user))
        settings.append(("password", password))
        let query = settings.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        return "postgresql://?" + query
    }

    private static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
