/// The token bucket of 003 §16.4 (AI endpoints): it holds at most `capacity` tokens (the
/// §16.2 burst), gains `refill` tokens per window, evenly, and each request takes one.
///
/// Tokens are kept as integers scaled by the window's milliseconds (one token is
/// `windowMilliseconds` units, a millisecond adds `refill` units), so refill is exact and the
/// SQL of the shared store computes the same numbers.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Int
    public let refill: Int
    public let windowMilliseconds: Int64
    /// Scaled tokens; the bucket starts full.
    public private(set) var units: Int64
    /// When `units` was last brought up to date; nil before the first request.
    public private(set) var updatedAt: Int64?

    /// `capacity` tokens at most, `refill` more per window of `windowSeconds`.
    public init(capacity: Int, refill: Int, windowSeconds: Int64) {
        precondition(capacity > 0 && refill > 0 && windowSeconds > 0)
        self.capacity = capacity
        self.refill = refill
        windowMilliseconds = windowSeconds * 1000
        units = Int64(capacity) * windowMilliseconds
    }

    /// Whole tokens available at `time`.
    public func tokens(at time: Int64) -> Int { Int(Self.refilled(units, from: updatedAt ?? time, to: time, capacity: capacity, refill: refill, window: windowMilliseconds) / windowMilliseconds) }

    /// `units` after refilling from `from` to `to`; a clock stepping back adds nothing.
    static func refilled(_ units: Int64, from: Int64, to: Int64, capacity: Int, refill: Int, window: Int64) -> Int64 {
        min(Int64(capacity) * window, units + max(0, to - from) * Int64(refill))
    }

    /// Milliseconds until `units` holds one whole token (0 if it does).
    static func wait(forTokenFrom units: Int64, refill: Int, window: Int64) -> Int64 {
        let missing = window - units
        return missing <= 0 ? 0 : (missing + Int64(refill) - 1) / Int64(refill)
    }

    /// Milliseconds until `units` is full again.
    static func wait(untilFullFrom units: Int64, capacity: Int, refill: Int, window: Int64) -> Int64 {
        let missing = Int64(capacity) * window - units
        return missing <= 0 ? 0 : (missing + Int64(refill) - 1) / Int64(refill)
    }

    /// Takes one token at `time` (Unix milliseconds) if there is one.
    public mutating func acquire(at time: Int64) -> RateDecision {
        units = Self.refilled(units, from: updatedAt ?? time, to: time, capacity: capacity, refill: refill, window: windowMilliseconds)
        updatedAt = max(updatedAt ?? time, time)
        let allowed = units >= windowMilliseconds
        if allowed { units -= windowMilliseconds }
        let full = Self.wait(untilFullFrom: units, capacity: capacity, refill: refill, window: windowMilliseconds)
        let next = Self.wait(forTokenFrom: units, refill: refill, window: windowMilliseconds)
        return RateDecision(allowed: allowed, limit: capacity, remaining: Int(units / windowMilliseconds),
                            resetAt: RateDecision.epochSeconds(time + full), retryAfter: RateDecision.seconds(next),
                            windowSeconds: windowMilliseconds / 1000)
    }
}
