import CatalogAPI
import Foundation
import Gateway
import GatewayAuth
import GatewayServer
import Postgres
import RPC
import ServiceKit

/// The gateway component of `cerniq serve`: the REST API on its own port, calling the
/// services over mutual TLS as `spiffe://…/gateway`, and following Identity's revocations.
struct GatewayProcess: Sendable {
    let gateway: Gateway
    let server: HTTPServer
    let clients: [Client]
    let address: String
    /// The RevocationFollower's loop; cancelled when the gateway drains.
    let follower: Task<Void, Never>
    /// The tenant limits' sweep (returns idle leases, purges old windows) and the idempotency
    /// keys' (purges expired ones); cancelled on drain.
    let limitSweeper: Task<Void, Never>
    /// The gateway schema's pool, when DATABASE_URL is set.
    let pool: PGPool?

    static func start(option: (String, String) -> String?, environment: [String: String], tls: TLSConfiguration,
                      certDirectory: String, localCatalog: String?, localIdentity: String? = nil) async throws -> GatewayProcess {
        let listen = option("http-listen", "CERNIQ_HTTP_LISTEN") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw UsageError("--http-listen \(listen) is not HOST:PORT")
        }
        let verifier = try TokenVerifier(checkingKeys: try tokenKeys(environment["CERNIQ_TOKEN_KEYS"], certDirectory: certDirectory))
        let catalogAddress = environment["CERNIQ_CATALOG_ADDR"] ?? localCatalog ?? "127.0.0.1:7102"
        let catalog = try Client(configuration: ClientConfiguration(target: catalogAddress, tls: tls, connections: 2))
        // Identity serves the public auth routes and the revocation feed; while it is down the
        // gateway is not ready, but tokens already issued keep working on the other routes.
        let identityAddress = environment["CERNIQ_IDENTITY_ADDR"] ?? localIdentity ?? "127.0.0.1:7103"
        let identity = try Client(configuration: ClientConfiguration(target: identityAddress, tls: tls, connections: 1))
        let interval = try Environment(environment).int("CERNIQ_REVOCATION_POLL_MS", default: 1000, range: 50...60_000)
        let revocations = RevocationList()
        let log = Logger(component: "gateway.revocations")
        let follower = RevocationFollower(identity: identity, list: revocations, interval: .milliseconds(interval),
                                          log: { log.warning($0) })
        let pool = try await database(environment)
        let tenantLimits = try tenantLimits(environment, pool: pool)
        // Keys live beside the limits: in the gateway's schema with DATABASE_URL, else in this process.
        let idempotencyLog = Logger(component: "gateway.idempotency")
        let idempotency = Idempotency(store: pool.map { PostgresIdempotencyStore(pool: $0) }, log: { idempotencyLog.warning($0) })
        // gateway/README.md §Noisy neighbours; 0 turns either off (the bench's comparison).
        let inFlight = ConcurrencyPolicy(
            perTenant: try Environment(environment).int("CERNIQ_TENANT_CONCURRENCY", default: ConcurrencyPolicy.standard.perTenant, range: 0...100_000),
            capacity: try Environment(environment).int("CERNIQ_GATEWAY_MAX_INFLIGHT", default: ConcurrencyPolicy.standard.capacity, range: 0...1_000_000),
            upstreamSlots: try Environment(environment).int("CERNIQ_UPSTREAM_CONCURRENCY", default: ConcurrencyPolicy.standard.upstreamSlots, range: 0...100_000))
        let gateway = try Gateway(routes: RESTSurface.routes, registry: RESTSurface.registry,
                                  upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: catalog),
                                              Upstream.identity(identity)],
                                  authenticator: TokenAuthenticator(verifier: verifier, revocations: revocations),
                                  apiKeys: ApiKeyVerifier(identity: identity), version: CerniqVersion.current, tenantLimits: tenantLimits,
                                  idempotency: idempotency, concurrency: ConcurrencyLimits(policy: inFlight))
        var configuration = HTTPServerConfiguration(host: String(listen[..<colon]), port: port)
        if let certificate = environment["CERNIQ_HTTP_TLS_CERT"] {
            guard let key = environment["CERNIQ_HTTP_TLS_KEY"] else { throw UsageError("CERNIQ_HTTP_TLS_CERT needs CERNIQ_HTTP_TLS_KEY") }
            configuration.tls = HTTPServerTLS(certificatePath: certificate, privateKeyPath: key)
        }
        let server = try HTTPServer(configuration: configuration, responder: gateway)
        return GatewayProcess(gateway: gateway, server: server, clients: [catalog, identity], address: "\(configuration.host):\(server.port)",
                              follower: Task { await follower.run() }, limitSweeper: Task {
                                  async let keys: Void = idempotency.run()
                                  await tenantLimits.run()
                                  await keys
                              }, pool: pool)
    }

    /// The gateway's own schema (rate limits, idempotency keys), provisioned here like a
    /// service's when DATABASE_URL is set; nil without it (each replica then keeps both alone).
    static func database(_ environment: [String: String]) async throws -> PGPool? {
        guard let adminURL = environment["DATABASE_URL"], !adminURL.isEmpty else {
            Logger(component: "gateway").warning(
                "DATABASE_URL is not set: rate limits and idempotency keys are kept in this process only; replicas do not share them")
            return nil
        }
        let database = try await ServiceDatabase.provision(adminURL: adminURL, service: GatewaySchema.service, migrations: GatewaySchema.migrations)
        return PGPool(configuration: .init(url: database.appURL, maxConnections: try Environment(environment).int("CERNIQ_DB_POOL_SIZE", default: 10, range: 1...500),
                                           applicationName: "cerniq-gateway"))
    }

    /// 003 §16.2's limits: shared through the gateway's schema when it has one, else counted
    /// in this process alone.
    static func tenantLimits(_ environment: [String: String], pool: PGPool?) throws -> TenantRateLimits {
        let settings = Environment(environment)
        let replicas = try settings.int("CERNIQ_GATEWAY_REPLICAS", default: 3, range: 1...1000)
        let plan = (environment["CERNIQ_DEFAULT_PLAN"] ?? "starter").lowercased()
        let policy = RateLimitPolicy.seed(defaultPlan: plan, replicas: replicas)
        guard policy.plans[plan] != nil else {
            throw UsageError("CERNIQ_DEFAULT_PLAN=\(plan) is not a plan; known: \(policy.plans.keys.sorted().joined(separator: ", "))")
        }
        let log = Logger(component: "gateway.limits")
        switch environment["CERNIQ_RATE_LIMITS"] ?? "seed" {
        case "seed": break
        case "off":
            // For benchmarks of the pipeline only: a tenant may then send without limit.
            log.warning("CERNIQ_RATE_LIMITS=off: tenant rate limits are not enforced")
            return TenantRateLimits(policy: RateLimitPolicy(categories: [:], plans: [:]), store: nil)
        case let other: throw UsageError("CERNIQ_RATE_LIMITS=\(other) is not seed or off")
        }
        return TenantRateLimits(policy: policy, store: pool.map { PostgresLimitStore(pool: $0) }, log: { log.warning($0) })
    }

    /// `kid=path,kid=path` to kid → PEM text.
    static func tokenKeys(_ text: String?, certDirectory: String) throws -> [String: String] {
        let spec = text ?? "dev=\(certDirectory)/\(TokenSigningKey.publicKeyFileName)"
        var keys: [String: String] = [:]
        for item in spec.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw UsageError("CERNIQ_TOKEN_KEYS item \(item) is not kid=path") }
            guard let pem = try? String(contentsOfFile: String(pair[1]), encoding: .utf8) else {
                throw UsageError("cannot read the token key \(pair[1]) (run `cerniq certs` or `cerniq token keygen`)")
            }
            keys[String(pair[0])] = pem
        }
        return keys
    }

    func beginGracefulShutdown() {
        follower.cancel()
        limitSweeper.cancel()
        gateway.beginDraining()
        server.beginGracefulShutdown()
    }

    func waitUntilClosed() async {
        await server.waitUntilClosed()
        await follower.value
        await limitSweeper.value
        for client in clients { client.close() }
        pool?.close()
    }
}
