/// Hosts services over the wire protocol on mutually authenticated TLS.
///
/// ```swift
/// let server = try Server(configuration: config, services: [TestingService().serviceDefinition])
/// try server.start()            // binds; `server.port` is now known
/// server.beginGracefulShutdown() // on SIGTERM: GOAWAY, finish in-flight calls, close
/// try await server.run()         // returns once shut down
/// ```
public final class Server: Sendable {
    public init(configuration: ServerConfiguration, services: [ServiceDefinition], schema: SchemaRegistry = SchemaRegistry()) throws {
        fatalError("not yet implemented")
    }
    /// Binds the listening socket and starts the event loops.
    public func start() throws { fatalError() }
    /// The bound port (after `start`).
    public var port: Int { fatalError() }
    /// Starts if needed and waits until the server has shut down.
    public func run() async throws { fatalError() }
    /// Sends GOAWAY on every connection, refuses new calls with UNAVAILABLE, lets in-flight
    /// calls finish within the grace period, then closes everything.
    public func beginGracefulShutdown() { fatalError() }
    /// Per-method metrics in Prometheus text format.
    public func metricsText() -> String { fatalError() }
}
