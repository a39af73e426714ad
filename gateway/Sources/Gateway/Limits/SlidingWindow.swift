/// The sliding window of 003 §16.4, as the two-window weighted approximation: the count of
/// the current fixed window plus the previous window's count weighted by how much of it the
/// sliding window still covers. A request is admitted while
/// `current + ceil(previous × (window − elapsed) / window) < limit`.
///
/// Error (why an approximation is acceptable): it assumes the previous window's requests
/// were spread evenly. It can never admit more than `limit` within one aligned window
/// (the weighted term is never negative), so any interval of the window's length holds at
/// most `2 × limit` admitted requests, the worst case of a fixed window, reached only when
/// the previous window's requests all came at its very end. With requests spread evenly it
/// is exact up to rounding; rounding the carried part up makes it err toward refusing.
/// Refused requests are not counted, so a client retrying early is not punished twice.
///
/// Burst (003 §16.2's column): a window's ceiling is `limit` plus what the previous window left
/// unused, at most `burst` (`ceiling`). A client idle for a window may send `burst` at once;
/// one that used its whole limit gets `limit`. Sustained traffic stays at `limit` per window:
/// a burst window is followed by one whose carried count holds it back, so any two consecutive
/// windows admit at most `limit + burst`.
public struct SlidingWindow: Sendable, Equatable {
    public let limit: Int
    public let burst: Int
    public let windowMilliseconds: Int64
    /// The aligned window being counted; `.min` before the first request.
    public private(set) var windowStart: Int64 = .min
    public private(set) var previous = 0
    public private(set) var current = 0

    /// `limit` requests per window of `windowSeconds`, up to `burst` after a quiet window.
    public init(limit: Int, burst: Int? = nil, windowSeconds: Int64) {
        precondition(limit > 0 && windowSeconds > 0)
        self.limit = limit
        self.burst = max(limit, burst ?? limit)
        windowMilliseconds = windowSeconds * 1000
    }

    /// The most a window may admit after a previous window of `previous` requests:
    /// `limit + (limit − previous)`, between `limit` and `burst`.
    public static func ceiling(limit: Int, burst: Int, previous: Int) -> Int {
        min(burst, limit + max(0, limit - previous))
    }

    /// Requests the window still admits at `elapsed` milliseconds into it, given the previous
    /// window's count: `limit − ceil(previous × (window − elapsed) / window)`, at least 0.
    /// The shared store computes the same figure in SQL (`PostgresLimitStore`).
    public static func allowance(limit: Int, previous: Int, elapsed: Int64, window: Int64) -> Int {
        let rest = max(0, window - elapsed)
        let carried = (Int64(previous) * rest + window - 1) / window
        return max(0, limit - Int(carried))
    }

    /// Milliseconds from `elapsed` until the allowance exceeds `used`; nil when that does not
    /// happen in this window (the next window must be asked).
    static func waitUntilAllowance(exceeds used: Int, limit: Int, previous: Int, elapsed: Int64, window: Int64) -> Int64? {
        // Need ceil(previous × rest / window) ≤ limit − used − 1, i.e. rest ≤ (limit − used − 1) × window / previous.
        let room = Int64(limit - used - 1)
        guard room >= 0 else { return nil }
        guard previous > 0 else { return 0 }
        let rest = room * window / Int64(previous)
        return max(0, (window - rest) - elapsed)
    }

    /// Moves the counts to the window holding `time`. A clock stepping back stays in the
    /// window already counted instead of forgiving it.
    mutating func roll(to time: Int64) {
        let start = Window.start(of: time, length: windowMilliseconds)
        guard start > windowStart else { return }
        previous = start == windowStart &+ windowMilliseconds ? current : 0
        current = 0
        windowStart = start
    }

    /// Counts one request at `time` (Unix milliseconds) if the window admits it.
    public mutating func acquire(at time: Int64) -> RateDecision {
        roll(to: time)
        let elapsed = max(0, time - windowStart)
        let ceiling = Self.ceiling(limit: limit, burst: burst, previous: previous)
        let allowance = Self.allowance(limit: ceiling, previous: previous, elapsed: elapsed, window: windowMilliseconds)
        let end = windowStart + windowMilliseconds
        let allowed = current < allowance
        if allowed { current += 1 }
        var retry = end - time
        if !allowed {
            if let wait = Self.waitUntilAllowance(exceeds: current, limit: ceiling, previous: previous, elapsed: elapsed, window: windowMilliseconds) {
                retry = wait
            } else if let next = Self.waitUntilAllowance(exceeds: 0, limit: Self.ceiling(limit: limit, burst: burst, previous: current), previous: current,
                                                         elapsed: 0, window: windowMilliseconds) {
                // Full for this window: the next one opens once this window's count has decayed enough.
                retry = end - time + next
            }
        }
        return RateDecision(allowed: allowed, limit: ceiling, remaining: max(0, allowance - current),
                            resetAt: RateDecision.epochSeconds(end), retryAfter: RateDecision.seconds(retry),
                            windowSeconds: windowMilliseconds / 1000)
    }
}
