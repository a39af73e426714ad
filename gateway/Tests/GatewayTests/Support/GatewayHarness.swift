import CatalogAPI
import CatalogService
import Credentials
import IdentityService
import Foundation
import Gateway
import GatewayAuth
import GatewayServer
import IdentityAPI
import Postgres
import ProtoJSON
import RPC
import RPCCore
import RPCTestKit
import ServiceKit
import Testing

/// The REST API as an integrator meets it: the catalog provisioned in the test PostgreSQL and
/// served over mutual TLS, the gateway in front of it on a real HTTP port, and tokens signed
/// with a key the gateway trusts. Each harness acts for a fresh tenant. Identity is a
/// `ScriptedIdentity` on the same test server; `follower` polls it only when a test says so.
struct GatewayHarness {
    let port: Int
    /// Every replica's port, `port` first: one per `TenantRateLimits` the test passed (or just `port`).
    let ports: [Int]
    let tenant: String
    let gateway: Gateway
    let identity: ScriptedIdentity
    let follower: RevocationFollower
    /// Relays this tenant's catalog audit records to Identity, as the catalog's worker does
    /// (same ids, so repeats are skipped); only this tenant's, so other tests' records stay put.
    let relayAudit: @Sendable () async throws -> Int

    struct MissingDatabase: Error, CustomStringConvertible {
        var description: String { "CERNIQ_TEST_DATABASE_URL is not set: run these tests through `bash deploy/test.sh`" }
    }

    static let signingKey = TokenSigningKey.generate(kid: "test")
    static let otherKey = TokenSigningKey.generate(kid: "test")

    private static let provisioned = Task<ServiceDatabase, any Error> {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else { throw MissingDatabase() }
        return try await ServiceDatabase.provision(adminURL: url, service: CatalogSchema.service,
                                                   migrations: CatalogSchema.migrations, extensions: CatalogSchema.extensions)
    }

    /// `limitClock` (Unix milliseconds) times the login limit. `replicas`: one gateway, on its
    /// own port, per `TenantRateLimits` (all sharing the upstreams); none: one gateway with the
    /// default in-process limits. `idempotency` likewise, per replica; the longer list decides.
    /// `concurrency`: each replica's requests in flight.
    static func with<Result: Sendable>(tenant: String = UUID().uuidString.lowercased(), now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                                       identity: ScriptedIdentity = ScriptedIdentity(), realIdentity: Bool = false,
                                       limitClock: @escaping @Sendable () -> Int64 = FixedWindowLimiter.systemMilliseconds,
                                       replicas: [TenantRateLimits] = [], idempotency: [Idempotency] = [], concurrency: ConcurrencyPolicy = .standard,
                                       _ body: (GatewayHarness) async throws -> Result) async throws -> Result {
        let database = try await provisioned.value
        let pool = PGPool(configuration: .init(url: database.appURL, maxConnections: 8, applicationName: "gateway-test"))
        defer { pool.close() }
        let service = CatalogService(store: CatalogStore(pool: pool))
        // Import and export run as jobs; a worker with quick polls runs them while the test does.
        var jobs = CatalogWorkers.Configuration(jobs: .init(pollInterval: .milliseconds(200), backoff: JobBackoff(base: .milliseconds(50), cap: .milliseconds(200))))
        jobs.sweeper.tenants = [tenant]
        let workers = CatalogWorkers(store: CatalogStore(pool: pool), configuration: jobs, log: Logger(component: "catalog.workers", sink: { _ in }))
        let running = Task { try await workers.run() }
        func stopWorkers() async {
            workers.beginGracefulShutdown()
            _ = try? await running.value
        }
        do {
            var identityServices = [identity.serviceDefinition]
            if realIdentity {
                // The real Identity signs with the key the gateway trusts; the tenant gets an admin.
                let store = IdentityStore(pool: try await identityPool())
                identityServices = [IdentityService(store: store, signingKey: signingKey, hasher: cheapHasher).serviceDefinition,
                                    ApiKeyService(store: store).serviceDefinition, TenantAdminService(store: store, hasher: cheapHasher).serviceDefinition,
                                    AuditService(store: store).serviceDefinition]
                try await TenantBootstrap(store: store, hasher: cheapHasher).run(
                    tenant: UUID(uuidString: tenant)!, tenantName: "Gateway Test SRL", email: adminEmail(tenant), password: adminPassword)
            }
            let result = try await serve(service: service, identity: identityServices, scripted: identity, tenant: tenant, now: now,
                                         limitClock: limitClock, replicas: replicas, idempotency: idempotency, concurrency: concurrency, catalogPool: pool, body)
            await stopWorkers()
            return result
        } catch {
            await stopWorkers()
            throw error
        }
    }

    private static func serve<Result: Sendable>(service: CatalogService, identity identityServices: [ServiceDefinition], scripted identity: ScriptedIdentity,
                                                tenant: String, now: @escaping @Sendable () -> Int64,
                                                limitClock: @escaping @Sendable () -> Int64, replicas: [TenantRateLimits], idempotency: [Idempotency], concurrency: ConcurrencyPolicy,
                                                catalogPool: PGPool,
                                                _ body: (GatewayHarness) async throws -> Result) async throws -> Result {
        try await withTestServer(services: [service.serviceDefinition] + identityServices,
                                 schema: CatalogSchema.registry.merging(IdentityMetadata.registry)) { server in
            let rpc = try makeClient(for: server, identity: "gateway")
            defer { rpc.close() }
            let verifier = TokenVerifier(keys: ["test": signingKey.publicKeyPEM])
            let revocations = RevocationList()
            let gateways = try (0..<max(1, replicas.count, idempotency.count)).map { index in
                try Gateway(routes: RESTSurface.routes, registry: RESTSurface.registry,
                            upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: rpc),
                                        Upstream.identity(rpc)],
                            authenticator: TokenAuthenticator(verifier: verifier, revocations: revocations, now: now),
                            apiKeys: ApiKeyVerifier(identity: rpc),
                            limitClock: limitClock, tenantLimits: replicas.indices.contains(index) ? replicas[index] : nil,
                            idempotency: idempotency.indices.contains(index) ? idempotency[index] : nil,
                            concurrency: ConcurrencyLimits(policy: concurrency))
            }
            let gateway = gateways[0]
            let follower = RevocationFollower(identity: rpc, list: revocations)
            var servers: [HTTPServer] = []
            func closeAll() async { for server in servers { await server.close() } }
            do {
                for replica in gateways { servers.append(try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: replica)) }
            } catch {
                await closeAll()
                throw error
            }
            let http = servers[0]
            let result: Result
            do {
                let audit = AuditServiceClient(rpc)
                let relayAudit: @Sendable () async throws -> Int = {
                    let rows = try await catalogPool.query("""
                        SELECT id, payload::text AS payload FROM catalog.outbox
                        WHERE tenant_id = \(UUID(uuidString: tenant)!) AND topic = \(AuditTrail.topic) ORDER BY id
                        """)
                    let records = try rows.map { row -> (id: String, tenant: String, record: AuditRecord) in
                        let payload = try row.decode(String.self, column: "payload")
                        return ("catalog:\(try row.decode(Int64.self, column: "id"))", tenant,
                                try JSONDecoder().decode(AuditRecord.self, from: Data(payload.utf8)))
                    }
                    guard !records.isEmpty else { return 0 }
                    return Int(try await audit.recordAuditEvents(AuditRelay.request(for: records)).stored)
                }
                result = try await body(GatewayHarness(port: http.port, ports: servers.map(\.port), tenant: tenant, gateway: gateway, identity: identity, follower: follower,
                                                       relayAudit: relayAudit))
            } catch {
                await closeAll()
                throw error
            }
            await closeAll()
            return result
        }
    }

    /// Identity's database, provisioned once per test process, and one pool for every harness.
    private static let identityDatabase = Task<PGPool, any Error> {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else { throw MissingDatabase() }
        let database = try await ServiceDatabase.provision(adminURL: url, service: IdentitySchema.service, migrations: IdentitySchema.migrations)
        return PGPool(configuration: .init(url: database.appURL, maxConnections: 4, applicationName: "gateway-test-identity"))
    }
    static func identityPool() async throws -> PGPool { try await identityDatabase.value }

    /// The gateway's schema (shared rate limits), provisioned once per test process.
    private static let gatewayDatabase = Task<PGPool, any Error> {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else { throw MissingDatabase() }
        let database = try await ServiceDatabase.provision(adminURL: url, service: GatewaySchema.service, migrations: GatewaySchema.migrations)
        return PGPool(configuration: .init(url: database.appURL, maxConnections: 8, applicationName: "gateway-test-limits"))
    }
    /// A store on the gateway's schema, as replicas share it.
    /// A generous timeout: a loaded test machine must not look like an unreachable database,
    /// which would switch reads to their fail-open fallback (tested on its own, with a closed port).
    static func limitStore() async throws -> PostgresLimitStore { PostgresLimitStore(pool: try await gatewayDatabase.value, timeout: .seconds(10)) }
    /// Idempotency keys on the gateway's schema, as replicas share them (the same generous timeout).
    static func idempotencyStore() async throws -> PostgresIdempotencyStore {
        PostgresIdempotencyStore(pool: try await gatewayDatabase.value, timeout: .seconds(10))
    }
    /// Cheap scrypt for tests; the stored form names its parameters.
    static let cheapHasher = PasswordHasher(parameters: ScryptParameters(logN: 10, r: 8, p: 1))
    static let adminPassword = "Gateway-test-9"
    static func adminEmail(_ tenant: String) -> String { "admin.\(tenant.prefix(8))@example.com" }
    var adminEmail: String { Self.adminEmail(tenant) }

    /// A token for this harness's tenant (or another), signed with the trusted key.
    func token(roles: [String] = ["admin"], permissions: [String] = [], tenant: String? = nil, expiresIn: Int64 = 900,
               key: TokenSigningKey = GatewayHarness.signingKey, jti: String = UUID().uuidString, sessionId: String? = nil, plan: String? = nil) -> String {
        let now = Int64(Date().timeIntervalSince1970)
        let exp = now + expiresIn
        return key.sign(AccessTokenClaims(sub: UUID().uuidString.lowercased(), tenantId: tenant ?? self.tenant, email: "user@example.com",
                                          roles: roles, permissions: permissions, iat: min(now, exp - 900), exp: exp, jti: jti,
                                          sessionId: sessionId, plan: plan))
    }

    /// One request on a new connection, with this tenant's admin token unless told otherwise.
    func call(_ method: String, _ target: String, json: String? = nil, token: String?? = .none,
              headers: [(String, String)] = [], body: String? = nil, replica: Int = 0) async throws -> Reply {
        var all = headers
        switch token {
        case .none: all.append(("Authorization", "Bearer \(self.token())"))
        case .some(.some(let given)): all.append(("Authorization", "Bearer \(given)"))
        case .some(.none): break
        }
        if json != nil { all.append(("Content-Type", "application/json")) }
        let port = ports[replica], body = Array((json ?? body ?? "").utf8), headers = all
        let response = try await runBlocking {
            try TestHTTPClient(port: port).request(method, target, headers: headers, body: body)
        }
        return Reply(response)
    }

    /// Raw bytes on a new connection, for malformed HTTP.
    func raw(_ bytes: String) async throws -> Reply {
        let port = self.port
        return Reply(try await runBlocking {
            let client = try TestHTTPClient(port: port)
            try client.send(bytes)
            return try client.readResponse()
        })
    }
}

/// A response with its JSON parsed.
struct Reply: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    let json: JSONValue?

    init(_ response: TestHTTPClient.Response) {
        status = response.status
        headers = response.headers
        body = response.body
        json = try? JSONParser.parse(response.body)
    }

    var data: JSONValue? { json?["data"] }
    var errorCode: String? { string(json?["error"]?["code"]) }
    var text: String { String(decoding: body, as: UTF8.self) }

    func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let text) = self { return text } else { return nil } }
    var numberText: String? { if case .number(let text) = self { return text } else { return nil } }
    var boolValue: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }
    var arrayValue: [JSONValue]? { if case .array(let items) = self { return items } else { return nil } }
    var keys: [String] { if case .object(let members) = self { return members.map(\.key) } else { return [] } }
}
