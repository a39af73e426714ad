/// What a tenant has used of one limit and what is left, as 003 §16.6's status reports it.
/// Read without counting anything: asking for the status takes nothing from the limits.
public struct LimitUsage: Sendable, Equatable {
    public var limit: RateLimit
    /// The most the current window admits (a window's `SlidingWindow.ceiling`, a bucket's capacity).
    public var ceiling: Int
    /// Requests counted in the current window; for a bucket, the tokens missing from full.
    public var used: Int
    /// Requests that would be admitted now (the same figure X-RateLimit-Remaining reports).
    public var remaining: Int
    /// Unix milliseconds when the window ends, or when the bucket is full again.
    public var resetsAt: Int64

    /// A sliding window at `time` from its aligned window's count and the previous one's.
    static func window(_ limit: RateLimit, current: Int, previous: Int, at time: Int64) -> LimitUsage {
        let length = limit.windowSeconds * 1000
        let start = Window.start(of: time, length: length)
        let ceiling = SlidingWindow.ceiling(limit: limit.limit, burst: limit.burst, previous: previous)
        let allowance = SlidingWindow.allowance(limit: ceiling, previous: previous, elapsed: time - start, window: length)
        return LimitUsage(limit: limit, ceiling: ceiling, used: current, remaining: max(0, allowance - current), resetsAt: start + length)
    }

    /// A token bucket at `time` from its scaled units (already refilled to `time`).
    static func bucket(_ limit: RateLimit, units: Int64, at time: Int64) -> LimitUsage {
        let length = limit.windowSeconds * 1000
        let tokens = Int(units / length)
        return LimitUsage(limit: limit, ceiling: limit.burst, used: max(0, limit.burst - tokens), remaining: tokens,
                          resetsAt: time + TokenBucket.wait(untilFullFrom: units, capacity: limit.burst, refill: limit.limit, window: length))
    }
}

/// A limit's state as the shared store holds it, read for a status report.
public enum StoredUsage: Sendable, Equatable {
    /// The aligned window's count (every replica's leases) and the previous window's.
    case window(current: Int, previous: Int)
    /// A bucket's scaled units, refilled to the time asked about.
    case bucket(units: Int64)
}
