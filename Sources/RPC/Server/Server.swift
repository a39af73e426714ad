import Foundation
import RPCCore
import RuntimeAPI
import Synchronization

/// Hosts services over the wire protocol on mutually authenticated TLS.
///
/// ```swift
/// let server = try Server(configuration: config, services: [TestingService().serviceDefinition])
/// try server.start()            // binds; `server.port` is now known
/// server.beginGracefulShutdown() // on SIGTERM: GOAWAY, finish in-flight calls, close
/// try await server.run()         // returns once shut down
/// ```
public final class Server: Sendable {
    private struct State {
        var listener: Listener?
        var started = false
        var port = 0
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let core: ServerCore
    private let state: Locked<State>
    private let metrics: ServerMetrics
    private let draining: Locked<Bool>

    /// Hosts `services` plus the built-in Health and Reflection services; `schema` describes
    /// the services' messages for reflection (pass the generated `<Area>Metadata.registry`);
    /// `readiness` decides whether health checks answer SERVING (e.g. the database answers);
    /// `figures` is what a check of the whole process reports about its pool and queues.
    public init(configuration: ServerConfiguration, services: [ServiceDefinition], schema: SchemaRegistry = SchemaRegistry(),
                readiness: (@Sendable () async -> Bool)? = nil, figures: (@Sendable () async -> ProcessFigures?)? = nil) throws {
        let state = Locked(State())
        let drainingFlag = Locked(false)
        let hosted = services.map(\.name) + ["cerniq.runtime.v1.Health", "cerniq.runtime.v1.Reflection"]
        let builtIn = [
            HealthService(services: Set(hosted), isServing: { !drainingFlag.withLock { $0 } }, readiness: readiness,
                          figures: figures).serviceDefinition,
            ReflectionService(registry: RuntimeMetadata.registry.merging(schema), hosted: hosted).serviceDefinition,
        ]
        let group = configuration.eventLoops > 0
            ? try EventLoopGroup(threads: configuration.eventLoops, name: "cerniq-server") : EventLoopGroup.shared
        let core = try ServerCore(configuration: configuration, services: services + builtIn, group: group) {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.finished = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        self.core = core
        self.state = state
        self.draining = drainingFlag
        self.metrics = core.metrics
    }

    /// Binds the listening socket and starts accepting.
    public func start() throws {
        let alreadyStarted = state.withLock { state -> Bool in
            defer { state.started = true }
            return state.started
        }
        guard !alreadyStarted else { return }
        let (fd, port) = try Socket.listen(host: core.configuration.host, port: core.configuration.port)
        let loop = core.group.loops[0]
        let listener = Listener(fd: fd, core: core, loop: loop)
        state.withLock {
            $0.listener = listener
            $0.port = port
        }
        let registered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        loop.execute {
            do { try loop.register(fd: fd, events: 0x001 /* EPOLLIN */, handler: listener) } catch { failure = error }
            registered.signal()
        }
        registered.wait()
        if let failure { throw failure }
    }

    /// The bound port (after `start`).
    public var port: Int { state.withLock { $0.port } }

    /// Starts if needed and waits until the server has shut down.
    public func run() async throws {
        try start()
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Sends GOAWAY on every connection, refuses new calls with UNAVAILABLE, lets in-flight
    /// calls finish within the grace period, then closes everything.
    public func beginGracefulShutdown() {
        draining.withLock { $0 = true }
        let listener = state.withLock { state -> Listener? in
            defer { state.listener = nil }
            return state.listener
        }
        guard let listener else {
            core.beginDrain()
            return
        }
        listener.stop { [core] in core.beginDrain() }
    }

    /// False once a graceful shutdown has begun: health checks answer NOT_SERVING.
    public var isServing: Bool { !draining.withLock { $0 } }

    /// Per-method metrics in Prometheus text format.
    public func metricsText() -> String { metrics.prometheusText() }
}
