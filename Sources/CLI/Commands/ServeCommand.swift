import CatalogAPI
import CatalogService
import GatewayAuth
import IdentityAPI
import IdentityService
import RuntimeAPI
import Dispatch
import Foundation
import Postgres
import RPC
import ServiceKit
import TestingAPI
import TestingService

/// `cerniq serve`: runs one or more components in this process (DESIGN D10, like Mimir's
/// `-target`), each a service on the wire protocol, until SIGTERM or SIGINT starts a drain.
public enum ServeCommand: Command {
    public static let name = "serve"
    public static let summary = "Run platform components (services) until SIGTERM."
    public static let usage = "cerniq serve [--target COMPONENTS] [--listen HOST:PORT] [options]"
    public static let details = """
        Components: \(Component.all.map(\.rawValue).joined(separator: ", ")), or all.
        Every option falls back to an environment variable, then to its default:
          --target          CERNIQ_COMPONENTS       testing
          --listen          CERNIQ_LISTEN           127.0.0.1:7101
          --cert/--key/--ca CERNIQ_TLS_CERT/_KEY/_CA  run/certs/<first component>.pem/.key, run/certs/ca.pem
          --metrics-listen  CERNIQ_METRICS_LISTEN   none (plain HTTP GET /metrics and /health)
          --event-loops     CERNIQ_EVENT_LOOPS      one per core
          --upstream        CERNIQ_TESTING_UPSTREAM none (where TestService/Relay forwards)
          --http-listen     CERNIQ_HTTP_LISTEN      127.0.0.1:8080 (gateway: the REST API)
          CERNIQ_HTTP_TLS_CERT/_KEY  (gateway) terminate TLS on the REST port; plain HTTP without
          CERNIQ_CATALOG_ADDR        (gateway) the catalog service, default 127.0.0.1:7102, or
                                     this process's --listen when catalog runs here too
          CERNIQ_IDENTITY_ADDR       (gateway) the identity service, default 127.0.0.1:7103: the
                                     auth routes and the revocations it polls; (catalog) where
                                     it relays audit records, this process's --listen when
                                     identity runs here too, else none (they wait in its outbox)
          CERNIQ_REVOCATION_POLL_MS  (gateway) how often it asks Identity for revocations (1000)
          CERNIQ_TOKEN_KEYS          (gateway) kid=public-key.pem,... access-token keys, default
                                     dev=<cert dir>/token-signing.pub.pem
          CERNIQ_TOKEN_SIGNING_KEY   (identity) the private key it signs access tokens with,
                                     default <cert dir>/token-signing.pem, kid CERNIQ_TOKEN_KID (dev)
          DATABASE_URL      (catalog, identity, gateway) a superuser URL: the component provisions
                            its schema and roles, applies its migrations, then connects as its
                            own role; the gateway's schema shares tenant rate limits between
                            replicas (without it each gateway counts alone, and says so)
          CERNIQ_GATEWAY_REPLICAS    (gateway) replicas sharing the limits (3): sizes leases and
                                     the per-replica share used while the database is down
          CERNIQ_DEFAULT_PLAN        (gateway) the plan of callers whose token names none (starter)
          CERNIQ_RATE_LIMITS         (gateway) seed (003 §16.2, the default) or off (benchmarks only)
          CERNIQ_TENANT_CONCURRENCY  (gateway) a tenant's requests in flight per replica (16; 0: no limit)
          CERNIQ_GATEWAY_MAX_INFLIGHT (gateway) requests in flight per replica (512; 0: no bound);
                                     past 3/4 of it, callers above their share get 503
          CERNIQ_UPSTREAM_CONCURRENCY (gateway) calls in flight per upstream, granted to tenants
                                     in turn (0, the default: not queued in the gateway)
          CERNIQ_DB_POOL_SIZE  connections per component (default 10)
        SIGTERM or SIGINT: GOAWAY to every client, in-flight calls finish within the
        drain grace period (CERNIQ_DRAIN_SECONDS, default 10), then exit 0.
        """
    public static let parser = ArgumentParser(options: [
        .init("target", value: "COMPONENTS", help: "comma-separated components, or all"),
        .init("listen", value: "HOST:PORT", help: "address to serve on"),
        .init("cert", value: "PATH", help: "this process's certificate (PEM)"),
        .init("key", value: "PATH", help: "its private key (PEM)"),
        .init("ca", value: "PATH", help: "CA certificates peers must chain to (PEM)"),
        .init("metrics-listen", value: "HOST:PORT", help: "plain-HTTP metrics and health endpoint"),
        .init("event-loops", value: "N", help: "event-loop threads"),
        .init("upstream", value: "HOST:PORT", help: "server that TestService/Relay calls"),
        .init("http-listen", value: "HOST:PORT", help: "gateway: address of the REST API"),
    ])

    /// The components this binary can run.
    enum Component: String, CaseIterable {
        case testing
        case catalog
        case identity
        case gateway
        static var all: [Component] { allCases }
    }

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let env = context.environment
        func option(_ name: String, _ variable: String) -> String? { arguments.value(name) ?? env[variable] }

        let targetText = option("target", "CERNIQ_COMPONENTS") ?? "testing"
        let components = try targetText == "all" ? Component.all : targetText.split(separator: ",").map { name in
            guard let component = Component(rawValue: String(name)) else {
                throw UsageError("unknown component \(name); known: \(Component.all.map(\.rawValue).joined(separator: ", "))")
            }
            return component
        }
        let listen = option("listen", "CERNIQ_LISTEN") ?? "127.0.0.1:7101"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw UsageError("--listen \(listen) is not HOST:PORT")
        }
        let certDirectory = env["CERNIQ_CERT_DIR"] ?? "run/certs"
        let first = components.first?.rawValue ?? "testing"
        let tls = TLSConfiguration(
            certificatePath: option("cert", "CERNIQ_TLS_CERT") ?? "\(certDirectory)/\(first).pem",
            privateKeyPath: option("key", "CERNIQ_TLS_KEY") ?? "\(certDirectory)/\(first).key",
            trustRootsPath: option("ca", "CERNIQ_TLS_CA") ?? "\(certDirectory)/ca.pem")
        var configuration = ServerConfiguration(host: String(listen[..<colon]), port: port, tls: tls)
        if let loops = option("event-loops", "CERNIQ_EVENT_LOOPS") {
            guard let count = Int(loops), count > 0 else { throw UsageError("--event-loops \(loops) is not a positive number") }
            configuration.eventLoops = count
        }
        if let grace = env["CERNIQ_DRAIN_SECONDS"] {
            guard let seconds = Int(grace), seconds >= 0 else { throw UsageError("CERNIQ_DRAIN_SECONDS=\(grace) is not a number of seconds") }
            configuration.drainGracePeriod = .seconds(seconds)
        }

        var services: [ServiceDefinition] = []
        var schema = SchemaRegistry()
        var clients: [Client] = []
        var pools: [PGPool] = []
        var readiness: [@Sendable () async -> Bool] = []
        var workers: [CatalogWorkers] = []
        // Each component's pool and job queues, for the process's health figures (003 §13.8).
        var figureSources: [(pool: PGPool, queues: [JobQueue])] = []
        var catalogStore: CatalogStore?
        let environment = Environment(env)
        for component in components {
            switch component {
            case .testing:
                var upstream: TestServiceClient?
                if let target = option("upstream", "CERNIQ_TESTING_UPSTREAM") {
                    let client = try Client(configuration: ClientConfiguration(target: target, tls: tls))
                    clients.append(client)
                    upstream = TestServiceClient(client)
                }
                services.append(TestingService(upstream: upstream).serviceDefinition)
                schema = schema.merging(TestingMetadata.registry)
            case .catalog:
                let database = try await ServiceDatabase.provision(
                    adminURL: try environment.required("DATABASE_URL"), service: CatalogSchema.service,
                    migrations: CatalogSchema.migrations, extensions: CatalogSchema.extensions)
                let pool = PGPool(configuration: .init(
                    url: database.appURL, maxConnections: try environment.int("CERNIQ_DB_POOL_SIZE", default: 10, range: 1...500),
                    applicationName: "cerniq-catalog"))
                pools.append(pool)
                let store = CatalogStore(pool: pool)
                figureSources.append((pool, [store.jobs]))
                services.append(CatalogService(store: store).serviceDefinition)
                schema = schema.merging(CatalogMetadata.registry)
                readiness.append { await store.isReady() }
                // Its workers start once the server has its port: Identity may be this process.
                catalogStore = store
            case .identity:
                let database = try await ServiceDatabase.provision(
                    adminURL: try environment.required("DATABASE_URL"), service: IdentitySchema.service, migrations: IdentitySchema.migrations)
                let pool = PGPool(configuration: .init(
                    url: database.appURL, maxConnections: try environment.int("CERNIQ_DB_POOL_SIZE", default: 10, range: 1...500),
                    applicationName: "cerniq-identity"))
                pools.append(pool)
                let store = IdentityStore(pool: pool)
                figureSources.append((pool, []))
                let keyPath = env["CERNIQ_TOKEN_SIGNING_KEY"] ?? "\(certDirectory)/\(TokenSigningKey.privateKeyFileName)"
                let key = try TokenSigningKey.read(privateKeyPath: keyPath, kid: env["CERNIQ_TOKEN_KID"] ?? "dev")
                services.append(IdentityService(store: store, signingKey: key).serviceDefinition)
                services.append(ApiKeyService(store: store).serviceDefinition)
                services.append(TenantAdminService(store: store).serviceDefinition)
                services.append(AuditService(store: store).serviceDefinition)
                schema = schema.merging(IdentityMetadata.registry)
                readiness.append { await store.isReady() }
            case .gateway:
                break
            }
        }

        let checks = readiness
        let sources = figureSources
        let startedAt = Date()
        let readinessCheck: @Sendable () async -> Bool = {
            for check in checks where !(await check()) { return false }
            return true
        }
        var figures: (@Sendable () async -> ProcessFigures?)?
        if !sources.isEmpty { figures = { @Sendable () async -> ProcessFigures? in await Self.figures(of: sources, startedAt: startedAt) } }
        let server = try Server(configuration: configuration, services: services, schema: schema, readiness: readinessCheck, figures: figures)
        // A gateway alone serves REST only; with services it reaches them on this process's port.
        let servesRPC = components.contains { $0 != .gateway }
        if servesRPC { try server.start() }
        let here = "\(configuration.host):\(server.port)"
        if let store = catalogStore {
            // The reservation sweeper, the import/export job worker and the audit relay (DESIGN D6).
            let relay = try catalogAuditRelay(identityAddress: env["CERNIQ_IDENTITY_ADDR"] ?? (components.contains(.identity) ? here : nil),
                                              tls: tls, clients: &clients, console: context.console)
            workers.append(CatalogWorkers(store: store, auditRelay: relay))
        }
        var edge: GatewayProcess?
        if components.contains(.gateway) {
            edge = try await GatewayProcess.start(option: option, environment: env, tls: tls, certDirectory: certDirectory,
                                            localCatalog: components.contains(.catalog) ? here : nil,
                                            localIdentity: components.contains(.identity) ? here : nil)
            context.console.out(#"{"level":"info","msg":"gateway serving","http":"\#(edge!.address)"}"#)
        }
        var endpoint: MetricsEndpoint?
        if let metrics = option("metrics-listen", "CERNIQ_METRICS_LISTEN") {
            guard let colon = metrics.lastIndex(of: ":"), let metricsPort = Int(metrics[metrics.index(after: colon)...]) else {
                throw UsageError("--metrics-listen \(metrics) is not HOST:PORT")
            }
            endpoint = try MetricsEndpoint(host: String(metrics[..<colon]), port: metricsPort,
                                           metrics: { server.metricsText() }, healthy: { server.isServing })
        }
        let running = workers
        let background = running.map { worker in Task { try await worker.run() } }
        let gateway = edge
        let signals = ShutdownSignals {
            gateway?.beginGracefulShutdown()
            if servesRPC { server.beginGracefulShutdown() }
            for worker in running { worker.beginGracefulShutdown() }
        }
        if servesRPC {
            context.console.out(#"{"level":"info","msg":"serving","components":"\#(components.map(\.rawValue).joined(separator: ","))","listen":"\#(configuration.host):\#(server.port)"\#(endpoint.map { #","metrics":"\#($0.port)""# } ?? "")}"#)
            try await server.run()
        }
        await gateway?.waitUntilClosed()
        for task in background { _ = try? await task.value }
        signals.cancel()
        endpoint?.close()
        for client in clients { client.close() }
        for pool in pools { pool.close() }
        context.console.out(#"{"level":"info","msg":"drained; exiting"}"#)
        return 0
    }
}

extension ServeCommand {
    /// The process's health figures: its components' pools added up, their queues listed.
    static func figures(of sources: [(pool: PGPool, queues: [JobQueue])], startedAt: Date) async -> ProcessFigures {
        var database = PoolFigures()
        var queues: [QueueFigures] = []
        for source in sources {
            let one = await ProcessFigures.of(pool: source.pool, queues: source.queues, version: CerniqVersion.current, startedAt: startedAt)
            database.active += one.database?.active ?? 0
            database.idle += one.database?.idle ?? 0
            database.max += one.database?.max ?? 0
            database.waiting += one.database?.waiting ?? 0
            queues += one.queues
        }
        return ProcessFigures(uptimeSeconds: UInt64(max(0, Date().timeIntervalSince(startedAt))), version: CerniqVersion.current,
                              database: database, queues: queues)
    }

    /// The relay taking the catalog's audit records to Identity at `identityAddress`, over
    /// mutual TLS as this process; it retries until Identity answers, so Identity may start
    /// later. Without an address there is none: the records stay in the outbox, never dropped.
    static func catalogAuditRelay(identityAddress: String?, tls: TLSConfiguration, clients: inout [Client],
                                  console: Console) throws -> AuditRelay? {
        guard let identityAddress else {
            console.out(#"{"level":"warning","msg":"CERNIQ_IDENTITY_ADDR is not set: catalog audit records accumulate in its outbox until an Identity is configured"}"#)
            return nil
        }
        let identity = try Client(configuration: ClientConfiguration(target: identityAddress, tls: tls, connections: 1))
        clients.append(identity)
        return AuditRelay(identity: AuditServiceClient(identity))
    }
}

/// SIGTERM and SIGINT start a graceful shutdown instead of killing the process.
final class ShutdownSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
