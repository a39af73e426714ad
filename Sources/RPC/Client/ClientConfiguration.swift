/// How a `Client` reaches one target.
public struct ClientConfiguration: Sendable {
    /// `host:port` of the server.
    public var target: String
    public var tls: TLSConfiguration
    /// The SPIFFE id the server's certificate must carry; nil accepts any id from the trusted CA.
    public var expectedServerIdentity: String?
    /// Connections in the pool; calls are spread over them and multiplexed on each.
    public var connections: Int
    public var maxFrameSize: UInt32
    /// Timeout of calls that set none and inherit no deadline; nil means none.
    public var defaultTimeout: Duration?
    public var connectTimeout: Duration
    public var reconnectBackoff: Backoff
    public var retry: RetryPolicy
    /// A connection silent for this long is pinged; no PONG within `keepaliveTimeout` drops it.
    public var keepaliveInterval: Duration
    public var keepaliveTimeout: Duration

    public init(target: String, tls: TLSConfiguration, expectedServerIdentity: String? = nil, connections: Int = 1,
                maxFrameSize: UInt32 = 4 << 20, defaultTimeout: Duration? = nil, connectTimeout: Duration = .seconds(5),
                reconnectBackoff: Backoff = Backoff(), retry: RetryPolicy = RetryPolicy(),
                keepaliveInterval: Duration = .seconds(30), keepaliveTimeout: Duration = .seconds(10)) {
        self.target = target
        self.tls = tls
        self.expectedServerIdentity = expectedServerIdentity
        self.connections = connections
        self.maxFrameSize = maxFrameSize
        self.defaultTimeout = defaultTimeout
        self.connectTimeout = connectTimeout
        self.reconnectBackoff = reconnectBackoff
        self.retry = retry
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
    }
}

/// Exponential reconnect backoff with full jitter.
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double

    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(5), multiplier: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The delay before attempt `attempt` (0-based): uniform in [0, min(max, initial * multiplier^attempt)].
    public func delay(attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let ceiling = min(Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18,
                          (Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18)
                              * pow2(multiplier, attempt))
        return .nanoseconds(Int64(ceiling * random * 1e9))
    }

    private func pow2(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent, 64) { result *= base }
        return result
    }
}

/// Retries for idempotent methods only, with retryable codes only, bounded by a budget:
/// each success earns `tokenRatio` of a token, each retry spends one, so retries stay a
/// small fraction of traffic when a server is down (gRPC's retry throttling).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var retryableCodes: Set<RPCError.Code>
    public var tokenRatio: Double
    public var maxTokens: Double

    public init(maxAttempts: Int = 3, retryableCodes: Set<RPCError.Code> = [.unavailable],
                tokenRatio: Double = 0.1, maxTokens: Double = 10) {
        self.maxAttempts = maxAttempts
        self.retryableCodes = retryableCodes
        self.tokenRatio = tokenRatio
        self.maxTokens = maxTokens
    }
}
