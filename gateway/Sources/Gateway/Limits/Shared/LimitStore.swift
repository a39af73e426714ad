/// Where gateway replicas share tenant limits (DESIGN D7: the gateway's own schema).
///
/// Contract: every lease is atomic in the store, so the leases granted for one window (or one
/// bucket) never add up to more than its allowance at the moment each was granted. A replica
/// spends leased requests locally, without asking again, and gives back what it did not
/// spend. Every method throws when the store cannot be reached; the caller then applies each
/// limit's `RateLimit.Fallback`.
public protocol LimitStore: Sendable {
    /// Takes up to `want` requests from the window starting at `windowStart` (Unix ms) of
    /// `limit` for `tenant`, as the sliding window's allowance at `time` permits.
    func leaseWindow(tenant: String, limit: RateLimit, windowStart: Int64, at time: Int64, want: Int) async throws -> WindowLease
    /// Gives back `count` requests leased from that window and not spent.
    func returnWindow(tenant: String, limit: RateLimit, windowStart: Int64, count: Int) async throws
    /// Takes up to `want` tokens from `limit`'s bucket for `tenant`, refilled to `time`.
    func leaseBucket(tenant: String, limit: RateLimit, at time: Int64, want: Int) async throws -> BucketLease
    /// Puts `count` unspent tokens back (never above the capacity).
    func returnBucket(tenant: String, limit: RateLimit, count: Int) async throws
    /// Reads, taking nothing, what `tenant` has counted under each of `limits` at `time`, by
    /// `RateLimit.key`; a limit never counted is absent (an empty window, a full bucket).
    func usage(tenant: String, limits: [RateLimit], at time: Int64) async throws -> [String: StoredUsage]
    /// Forgets windows and buckets that can no longer matter at `time`.
    func purge(at time: Int64) async throws
}

/// What a window lease found: `granted` requests for the caller, the window's `used` count
/// after it (every replica's leases) and the previous window's count it was weighed with.
public struct WindowLease: Sendable, Equatable {
    public var granted: Int
    public var used: Int
    public var previous: Int
    public init(granted: Int, used: Int, previous: Int) {
        self.granted = granted
        self.used = used
        self.previous = previous
    }
}

/// What a bucket lease found: `granted` tokens, and the bucket's scaled `units` left at `time`.
public struct BucketLease: Sendable, Equatable {
    public var granted: Int
    public var units: Int64
    public var time: Int64
    public init(granted: Int, units: Int64, time: Int64) {
        self.granted = granted
        self.units = units
        self.time = time
    }
}
