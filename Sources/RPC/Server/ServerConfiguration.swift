/// Everything a `Server` is told at start. Defaults suit one small machine.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; read it back from `Server.port`.
    public var port: Int
    public var tls: TLSConfiguration
    public var authorization: AuthorizationPolicy
    /// Connections beyond this are accepted and closed at once.
    public var maxConnections: Int
    /// Streams one connection may have open; more are refused with RESOURCE_EXHAUSTED.
    public var maxConcurrentStreams: UInt32
    /// Largest frame payload accepted, checked from the header before allocating.
    public var maxFrameSize: UInt32
    /// Calls running across the whole server; more are shed with RESOURCE_EXHAUSTED.
    public var maxInFlight: Int
    /// A connection with no open stream for this long is closed.
    public var idleTimeout: Duration
    /// A connection silent for this long is pinged; no PONG within `keepaliveTimeout` closes it.
    public var keepaliveInterval: Duration
    public var keepaliveTimeout: Duration
    /// How long in-flight calls may run after a graceful shutdown begins.
    public var drainGracePeriod: Duration
    /// Event-loop threads; each owns a share of the connections.
    public var eventLoops: Int

    public init(host: String = "127.0.0.1", port: Int = 0, tls: TLSConfiguration,
                authorization: AuthorizationPolicy = .allowAuthenticated,
                maxConnections: Int = 4096, maxConcurrentStreams: UInt32 = 16_384,
                maxFrameSize: UInt32 = 4 << 20, maxInFlight: Int = 65_536,
                idleTimeout: Duration = .seconds(300), keepaliveInterval: Duration = .seconds(30),
                keepaliveTimeout: Duration = .seconds(10), drainGracePeriod: Duration = .seconds(10),
                eventLoops: Int = 0) {
        self.host = host
        self.port = port
        self.tls = tls
        self.authorization = authorization
        self.maxConnections = maxConnections
        self.maxConcurrentStreams = maxConcurrentStreams
        self.maxFrameSize = maxFrameSize
        self.maxInFlight = maxInFlight
        self.idleTimeout = idleTimeout
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
        self.drainGracePeriod = drainGracePeriod
        self.eventLoops = eventLoops
    }
}
