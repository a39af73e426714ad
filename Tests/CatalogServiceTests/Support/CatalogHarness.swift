import CatalogAPI
import CatalogService
import Foundation
import Postgres
import RPC
import RPCTestKit
import Testing

/// The Catalog service as a caller meets it: provisioned in the test PostgreSQL (its own
/// schema and roles, migrations applied), hosted by a real server over mutual TLS, called
/// through the generated client. Each harness acts for a fresh tenant, so tests can run in
/// parallel against one schema without seeing each other.
struct CatalogHarness {
    let client: CatalogServiceClient
    let tenant: UUID
    let pool: PGPool
    let server: Server

    struct MissingDatabase: Error, CustomStringConvertible {
        var description: String {
            "CERNIQ_TEST_DATABASE_URL is not set: run these tests through `bash deploy/test.sh`, which starts a private PostgreSQL"
        }
    }

    /// The superuser URL of the test server; a test that needs it fails loudly without it.
    static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else {
            throw MissingDatabase()
        }
        return url
    }

    /// Provisioning runs once per test process; every harness connects as `catalog_app`.
    private static let provisioned = Task<ServiceDatabase, any Error> {
        try await ServiceDatabase.provision(adminURL: try adminURL(), service: CatalogSchema.service,
                                            migrations: CatalogSchema.migrations, extensions: CatalogSchema.extensions)
    }

    /// The database as the service sees it.
    static func database() async throws -> ServiceDatabase { try await provisioned.value }

    /// Runs `body` with a started catalog server and a client acting for `tenant` (a new one
    /// unless a test resumes an earlier harness's), and
    /// shuts everything down however `body` ends.
    static func with<Result: Sendable>(tenant: UUID = UUID(), now: @escaping @Sendable () -> Date = Date.init,
                                       _ body: (CatalogHarness) async throws -> Result) async throws -> Result {
        let database = try await database()
        let pool = PGPool(configuration: .init(url: database.appURL, maxConnections: 8, applicationName: "catalog-test"))
        defer { pool.close() }
        let service = CatalogService(store: CatalogStore(pool: pool), now: now)
        return try await withTestServer(services: [service.serviceDefinition], schema: CatalogSchema.registry) { server in
            let rpc = try makeClient(for: server)
            defer { rpc.close() }
            let harness = CatalogHarness(client: CatalogServiceClient(rpc), tenant: tenant, pool: pool, server: server)
            return try await body(harness)
        }
    }

    /// Call options naming this harness's tenant (what the gateway sets from the principal).
    var options: CallOptions {
        var metadata = Metadata()
        metadata.tenant = tenant.uuidString.lowercased()
        return CallOptions(timeout: .seconds(30), metadata: metadata)
    }

    /// Options for another tenant, to prove isolation.
    func options(tenant other: UUID) -> CallOptions {
        var metadata = Metadata()
        metadata.tenant = other.uuidString.lowercased()
        return CallOptions(timeout: .seconds(30), metadata: metadata)
    }
}
