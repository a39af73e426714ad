import GatewayHTTP

/// TLS termination for the server: a certificate and key, no client certificates.
public struct HTTPServerTLS: Sendable {
    /// PEM file with the server certificate, leaf first, then intermediates.
    public var certificatePath: String
    /// PEM file with the certificate's private key.
    public var privateKeyPath: String

    /// Creates TLS settings from PEM paths.
    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

/// How an `HTTPServer` listens and what it tolerates from clients.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind (IPv4 literal or name).
    public var host: String
    /// Port to bind; 0 picks a free one (read it from `HTTPServer.port`).
    public var port: Int
    /// TLS termination, or nil for plain TCP (the default and the fast path).
    public var tls: HTTPServerTLS?
    /// Request-line, header and default body limits (414, 431, 413).
    public var limits: HTTPParserLimits
    /// Time from accepting a connection, or from the first byte of a later request's head, to the
    /// complete head (TLS handshake included); exceeded answers 408 and closes (slowloris).
    public var headerTimeout: Duration
    /// Time from a complete head to the complete body; exceeded answers 408 and closes.
    public var bodyTimeout: Duration
    /// A keep-alive connection with nothing in flight is closed silently after this long; also
    /// the longest a peer may leave queued response bytes unread before it is dropped.
    public var idleTimeout: Duration
    /// Connections beyond this are answered 503 (plain TCP) or dropped (TLS) at once.
    public var maxConnections: Int
    /// Requests read but not yet answered on one connection; at the bound the server stops
    /// reading until the oldest response is written.
    public var maxPipelinedRequests: Int
    /// Response bytes queued for a slow reader beyond which the server stops reading its requests.
    public var maxOutboundBytes: Int
    /// After `beginGracefulShutdown`, how long in-flight requests may take before connections
    /// are closed regardless.
    public var drainGracePeriod: Duration

    /// Creates a configuration; defaults suit an edge behind a load balancer.
    public init(host: String = "0.0.0.0", port: Int = 8080, tls: HTTPServerTLS? = nil,
                limits: HTTPParserLimits = HTTPParserLimits(),
                headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30),
                idleTimeout: Duration = .seconds(60), maxConnections: Int = 10_000,
                maxPipelinedRequests: Int = 16, maxOutboundBytes: Int = 256 * 1024,
                drainGracePeriod: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxPipelinedRequests = maxPipelinedRequests
        self.maxOutboundBytes = maxOutboundBytes
        self.drainGracePeriod = drainGracePeriod
    }
}

extension Duration {
    /// Whole nanoseconds, saturating, for monotonic-clock arithmetic.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(max(0, attoseconds / 1_000_000_000))
    }
}
