import CommonAPI
import Credentials
import Foundation
import GatewayAuth
import IdentityAPI
import IdentityService
import Postgres
import RPC
import RPCTestKit
import Testing

/// Identity as a caller meets it: provisioned in the test PostgreSQL, served over mutual TLS,
/// called through the generated clients. Each harness bootstraps a fresh tenant with one user,
/// its administrator, and hosts TenantAdminService beside IdentityService.
struct IdentityHarness {
    let client: IdentityServiceClient
    let apiKeys: ApiKeyServiceClient
    let admin: TenantAdminServiceClient
    /// The audit log as the gateway calls it (for a signed-in user: pass `asUser()`).
    let audit: AuditServiceClient
    /// The audit log as a service's relay calls it: the "catalog" identity, no principal.
    let relay: AuditServiceClient
    let tenant: UUID
    /// The bootstrapped user (Ana Pop, an admin).
    let user: UUID
    let email: String
    static let password = "Correct-horse-9"
    var password: String { Self.password }
    /// The bootstrapped administrator's user id: the principal of `asAdmin`.
    var adminID: UUID { user }
    let bootstrap: TenantBootstrap
    let verifier: TokenVerifier
    let pool: PGPool

    struct MissingDatabase: Error, CustomStringConvertible {
        var description: String { "CERNIQ_TEST_DATABASE_URL is not set: run these tests through `bash deploy/test.sh`" }
    }

    /// Cheap scrypt for tests; the stored form names its parameters, so nothing else changes.
    static let hasher = PasswordHasher(parameters: ScryptParameters(logN: 10, r: 8, p: 1))
    static let key = TokenSigningKey.generate(kid: "test")

    private static let provisioned = Task<ServiceDatabase, any Error> {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else { throw MissingDatabase() }
        return try await ServiceDatabase.provision(adminURL: url, service: IdentitySchema.service, migrations: IdentitySchema.migrations)
    }

    private static let sharedPool = Task<PGPool, any Error> {
        let database = try await provisioned.value
        return PGPool(configuration: .init(url: database.appURL, maxConnections: 16, applicationName: "identity-test"))
    }

    static func with<Result: Sendable>(now: @escaping @Sendable () -> Date = Date.init, _ body: (IdentityHarness) async throws -> Result)
        async throws -> Result {
        // One pool for every harness: tests run side by side, and a pool each would exhaust the
        // server's connections.
        let pool = try await sharedPool.value
        let store = IdentityStore(pool: pool)
        let service = IdentityService(store: store, signingKey: key, hasher: hasher, now: now)
        let apiKeyService = ApiKeyService(store: store, now: now)
        let tenantAdmin = TenantAdminService(store: store, hasher: hasher, now: now)
        let auditService = AuditService(store: store)
        let bootstrap = TenantBootstrap(store: store, hasher: hasher)
        let tenant = UUID()
        let email = "ana.\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let services = [service.serviceDefinition, apiKeyService.serviceDefinition, tenantAdmin.serviceDefinition,
                        auditService.serviceDefinition]
        return try await withTestServer(services: services, schema: IdentityMetadata.registry) { server in
            let rpc = try makeClient(for: server, identity: "gateway")
            defer { rpc.close() }
            let relay = try makeClient(for: server, identity: "catalog")
            defer { relay.close() }
            let user = try await bootstrap.run(tenant: tenant, tenantName: "Acme SRL", email: email, password: Self.password,
                                               firstName: "Ana", lastName: "Pop")
            let harness = IdentityHarness(client: IdentityServiceClient(rpc), apiKeys: ApiKeyServiceClient(rpc),
                                          admin: TenantAdminServiceClient(rpc), audit: AuditServiceClient(rpc), relay: AuditServiceClient(relay),
                                          tenant: tenant, user: user, email: email, bootstrap: bootstrap,
                                          verifier: TokenVerifier(keys: ["test": key.publicKeyPEM]), pool: pool)
            return try await body(harness)
        }
    }

    func login(_ email: String? = nil, password: String? = nil, code: String = "", device: String = "laptop") async throws -> LoginResponse {
        try await client.login(LoginRequest(email: email ?? self.email, password: password ?? self.password, mfaCode: code, deviceId: device,
                                            ipAddress: "203.0.113.7", userAgent: "tests"))
    }
}

extension IdentityHarness {
    /// Options of a call the gateway makes for `user` (the bootstrapped administrator unless
    /// another is named) of `tenant` (this harness's unless another is named): the `tenant`
    /// metadata and the encoded `principal`, as the gateway sets them from a verified token.
    func asAdmin(tenant other: UUID? = nil, user: UUID? = nil) -> CallOptions {
        let tenant = (other ?? self.tenant).uuidString.lowercased()
        var metadata = Metadata()
        metadata.tenant = tenant
        metadata.principal = Principal(tenantId: tenant, userId: (user ?? adminID).uuidString.lowercased(), email: email, roles: ["admin"])
            .encoded()
        return CallOptions(timeout: .seconds(30), metadata: metadata)
    }
}

extension IdentityHarness {
    /// Call options as the gateway sets them for a signed-in user: the tenant (this harness's
    /// unless given) and the user as an encoded principal. The test server lets the "gateway"
    /// identity this harness's client presents act for users.
    func asUser(roles: [String] = ["admin"], permissions: [String] = [], tenant: UUID? = nil) -> CallOptions {
        let tenant = (tenant ?? self.tenant).uuidString.lowercased()
        var options = CallOptions()
        options.metadata.tenant = tenant
        options.metadata.principal = Principal(tenantId: tenant, userId: UUID().uuidString.lowercased(), email: email, roles: roles,
                                               permissions: permissions).encoded()
        return options
    }
}

/// The seed code a failed call carries.
func seedCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return (try? StatusDetails(decoding: error.details))?.code ?? error.code.name
    } catch {
        return "\(error)"
    }
}

/// The status details a failed call carries (code, message, field violations).
func rpcDetails(_ body: () async throws -> Void) async -> StatusDetails? { await seedDetails(body) }

func seedDetails(_ body: () async throws -> Void) async -> StatusDetails? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return try? StatusDetails(decoding: error.details)
    } catch {
        return nil
    }
}
