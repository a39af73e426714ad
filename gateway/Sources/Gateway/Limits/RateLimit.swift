/// One tenant-scoped limit of 003 §16.2: its name (the key in the shared store and in the
/// IETF `RateLimit` fields), algorithm, size and what happens while the shared store is down.
public struct RateLimit: Sendable, Hashable {
    /// 003 §16.4: sliding window for most endpoints, token bucket for AI.
    public enum Algorithm: Sendable, Hashable {
        case slidingWindow
        case tokenBucket
    }

    /// What a replica does with this limit while PostgreSQL does not answer (gateway/README.md
    /// §Rate limits, "When the database is unreachable").
    public enum Fallback: Sendable, Hashable {
        /// Fail open: each replica enforces the whole limit alone (N replicas admit up to N×).
        case local
        /// Fail open at a replica's share: each enforces `ceil(limit / replicas)`, so balanced
        /// traffic stays within the limit while unbalanced traffic is refused early.
        case localShare
        /// Fail closed: 503 `SYS_SERVICE_UNAVAILABLE` with `Retry-After`.
        case refuse
    }

    /// `read`, `plan-hour`…: lower-case, no spaces (an IETF structured-field string).
    public var name: String
    /// What the limit is counted under, per tenant: the name, or the name and its subject
    /// when one tenant has several (`api-key:<id>`, one count per key).
    public var key: String
    public var algorithm: Algorithm
    /// Requests per window; a bucket's refill per window.
    public var limit: Int
    /// The §16.2 burst: a bucket's capacity; a window's ceiling after a quiet window
    /// (`SlidingWindow`). At least `limit`.
    public var burst: Int
    public var windowSeconds: Int64
    public var fallback: Fallback

    public init(_ name: String, _ algorithm: Algorithm = .slidingWindow, limit: Int, burst: Int? = nil, windowSeconds: Int64, fallback: Fallback,
                subject: String? = nil) {
        precondition(limit > 0 && windowSeconds > 0)
        self.name = name
        key = subject.map { name + ":" + $0 } ?? name
        self.algorithm = algorithm
        self.limit = limit
        self.burst = max(limit, burst ?? limit)
        self.windowSeconds = windowSeconds
        self.fallback = fallback
    }

    /// The quota `RateLimit-Policy` declares: a window's limit, a bucket's capacity.
    var headerLimit: Int { algorithm == .tokenBucket ? burst : limit }

    /// The same limit cut to a replica's share of `replicas` (rounded up, at least 1).
    func share(of replicas: Int) -> RateLimit {
        var copy = self
        copy.limit = max(1, (limit + replicas - 1) / replicas)
        copy.burst = max(copy.limit, (burst + replicas - 1) / replicas)
        return copy
    }
}
