import Foundation
import Postgres
import Testing

/// D5 through the service's own login role: one schema, rights on it only, and row-level
/// security that shows each transaction exactly its tenant's rows.
struct TenancyTests {
    static let products = Migration(version: 1, name: "products", sql: """
        CREATE TABLE products (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            name text NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        \(ServiceDatabase.tenantIsolation(table: "products"))
        """)

    static func provision() async throws -> ServiceDatabase {
        try await ServiceDatabase.provision(
            adminURL: try TestDatabase.url(), service: TestDatabase.uniqueName("svc"), migrations: [products])
    }

    /// Rows for two tenants, written through the app role.
    static func seed(_ app: PGPool) async throws -> (UUID, UUID) {
        let (first, second) = (UUID(), UUID())
        for (tenant, names) in [(first, ["a1", "a2"]), (second, ["b1"])] {
            try await app.withTransaction(tenant: tenant) { tx in
                for name in names {
                    try await tx.query("INSERT INTO products (tenant_id, name) VALUES (\(tenant), \(name))")
                }
            }
        }
        return (first, second)
    }

    @Test func selectWithoutWhere_seesOnlyTheTransactionsTenant() async throws {
        let database = try await Self.provision()
        try await withPool(url: database.appURL, maxConnections: 1) { app in
            let (first, second) = try await Self.seed(app)
            let names = try await app.withTransaction(tenant: first) { tx in
                try await tx.query("SELECT * FROM products ORDER BY name").map { try $0.decode(String.self, column: "name") }
            }
            #expect(names == ["a1", "a2"])
            let other = try await app.withTransaction(tenant: second) { tx in
                try await tx.query("SELECT tenant_id FROM products").map { try $0.decode(UUID.self, column: 0) }
            }
            #expect(other == [second])
        }
    }

    @Test func withoutATenant_nothingIsVisible_evenOnAConnectionThatHadOne() async throws {
        let database = try await Self.provision()
        try await withPool(url: database.appURL, maxConnections: 1) { app in
            _ = try await Self.seed(app)
            let plain = try await app.query("SELECT count(*) FROM products")[0].decode(Int.self, column: 0)
            #expect(plain == 0)
            let inTransaction = try await app.withTransaction { tx in
                try await tx.query("SELECT count(*) FROM products")[0].decode(Int.self, column: 0)
            }
            #expect(inTransaction == 0)
            let updated = try await app.withTransaction { tx in
                try await tx.query("UPDATE products SET name = \("x")").affectedRows
            }
            #expect(updated == 0)
        }
    }

    @Test func writingARowForAnotherTenant_fails() async throws {
        let database = try await Self.provision()
        try await withPool(url: database.appURL) { app in
            let (first, second) = try await Self.seed(app)
            let insert = await #expect(throws: PGError.self) {
                try await app.withTransaction(tenant: first) { tx in
                    try await tx.query("INSERT INTO products (tenant_id, name) VALUES (\(second), \("smuggled"))")
                }
            }
            #expect(insert?.sqlState == "42501")
            let move = await #expect(throws: PGError.self) {
                try await app.withTransaction(tenant: first) { tx in
                    try await tx.query("UPDATE products SET tenant_id = \(second)")
                }
            }
            #expect(move?.sqlState == "42501")
            let count = try await app.withTransaction(tenant: second) { tx in
                try await tx.query("SELECT count(*) FROM products")[0].decode(Int.self, column: 0)
            }
            #expect(count == 1)
        }
    }

    @Test func appRole_cannotTurnRowSecurityOff() async throws {
        let database = try await Self.provision()
        try await withPool(url: database.appURL, maxConnections: 1) { app in
            let (first, _) = try await Self.seed(app)
            let error = await #expect(throws: PGError.self) {
                try await app.withTransaction(tenant: first) { tx in
                    try await tx.query("SET LOCAL row_security = off")
                    try await tx.query("SELECT * FROM products")
                }
            }
            // With row_security off, a query that policies would filter fails instead of seeing all.
            #expect(error?.sqlState == "42501")
        }
    }

    @Test func appRole_cannotReachAnotherServicesSchema_orPublic_orChangeItsOwn() async throws {
        let mine = try await Self.provision()
        let theirs = try await Self.provision()
        try await withPool(url: mine.appURL, maxConnections: 1) { app in
            let foreign = await #expect(throws: PGError.self) {
                try await app.query("SELECT * FROM \(identifier: theirs.schema).products")
            }
            #expect(foreign?.sqlState == "42501")
            let publicTable = await #expect(throws: PGError.self) {
                try await app.query("CREATE TABLE public.\(identifier: TestDatabase.uniqueName("p")) (id int)")
            }
            #expect(publicTable?.sqlState == "42501")
            let ddl = await #expect(throws: PGError.self) {
                try await app.query("CREATE TABLE \(identifier: mine.schema).extra (id int)")
            }
            #expect(ddl?.sqlState == "42501")
            let drop = await #expect(throws: PGError.self) { try await app.query("DROP TABLE products") }
            #expect(drop?.sqlState == "42501")
            let bookkeeping = await #expect(throws: PGError.self) {
                try await app.query("DELETE FROM \(identifier: mine.schema).schema_migrations")
            }
            #expect(bookkeeping?.sqlState == "42501")
        }
    }

    @Test func roles_haveExactlyTheAttributesD5Names() async throws {
        let database = try await Self.provision()
        try await withPool { admin in
            let app = try await admin.query("""
                SELECT rolsuper, rolbypassrls, rolcanlogin, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = \(database.appRole)::text
                """)[0]
            #expect(try app.decode(Bool.self, column: "rolsuper") == false)
            #expect(try app.decode(Bool.self, column: "rolbypassrls") == false)
            #expect(try app.decode(Bool.self, column: "rolcanlogin") == true)
            #expect(try app.decode(Bool.self, column: "rolcreaterole") == false)
            #expect(try app.decode(Bool.self, column: "rolcreatedb") == false)
            let owner = try await admin.query("SELECT rolcanlogin FROM pg_roles WHERE rolname = \(database.ownerRole)::text")[0]
            #expect(try owner.decode(Bool.self, column: 0) == false)
            let owners = try await admin.query("""
                SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = \(database.schema)::text
                UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = \(database.schema)::text
                """).map { try $0.decode(String.self, column: 0) }
            #expect(owners == [database.ownerRole])
            let security = try await admin.query("""
                SELECT relrowsecurity, relforcerowsecurity FROM pg_class
                WHERE oid = (\(database.schema) || '.products')::regclass
                """)[0]
            #expect(try security.decode(Bool.self, column: "relrowsecurity"))
            #expect(try security.decode(Bool.self, column: "relforcerowsecurity"))
        }
    }

    @Test func provisioningAgain_keepsDataAndMigrations_andReturnsAWorkingURL() async throws {
        let database = try await Self.provision()
        let tenant = try await withPool(url: database.appURL) { app in try await Self.seed(app).0 }
        let again = try await ServiceDatabase.provision(adminURL: try TestDatabase.url(), service: database.service, migrations: [Self.products])
        try await withPool(url: again.appURL) { app in
            let count = try await app.withTransaction(tenant: tenant) { tx in
                try await tx.query("SELECT count(*) FROM products")[0].decode(Int.self, column: 0)
            }
            #expect(count == 2)
        }
    }

    @Test func invalidServiceName_isRefused() async throws {
        let error = await #expect(throws: PGError.self) {
            try await ServiceDatabase.provision(adminURL: try TestDatabase.url(), service: "Catalog; DROP")
        }
        #expect(error?.code == .invalidParameter)
    }
}
