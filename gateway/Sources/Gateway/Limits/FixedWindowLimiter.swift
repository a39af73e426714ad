import Foundation
import Synchronization

/// Counts requests per key (a client address) in fixed windows aligned to the clock, as 003
/// §16.4 asks for authentication: every window starts at a multiple of its length since the
/// Unix epoch, so its reset time is the same for every key and easy to state.
///
/// Memory is bounded twice: all counts are dropped when a new window begins (an idle key
/// costs nothing after its window), and at most `capacity` keys are counted in one window.
/// A new key beyond that is refused until the window ends: under a flood of that many
/// addresses in one window the limiter fails closed, as a login limit should.
///
/// In-process only: replicas count separately (a later issue shares the counts through
/// PostgreSQL).
public final class FixedWindowLimiter: Sendable {
    /// The outcome of one request, with what the §16.1 headers say.
    public struct Decision: Sendable, Equatable {
        /// Whether the request may proceed.
        public var allowed: Bool
        /// Requests allowed per window (X-RateLimit-Limit).
        public var limit: Int
        /// Requests left in this window after this one (X-RateLimit-Remaining).
        public var remaining: Int
        /// Unix seconds when this window ends (X-RateLimit-Reset).
        public var resetAt: Int64
        /// Whole seconds until then, at least 1 (Retry-After).
        public var retryAfter: Int64
        /// The window's length in seconds (X-RateLimit-Window).
        public var windowSeconds: Int64
    }

    public let limit: Int
    public let windowSeconds: Int64
    public let capacity: Int
    /// Unix milliseconds; injectable so tests cross window boundaries without waiting.
    let now: @Sendable () -> Int64

    private struct State {
        var windowStart: Int64 = .min
        var counts: [String: Int] = [:]
    }
    private let state = Mutex(State())

    /// `limit` requests per key in each window of `windowSeconds`.
    public init(limit: Int, windowSeconds: Int64, capacity: Int = 100_000,
                now: @escaping @Sendable () -> Int64 = FixedWindowLimiter.systemMilliseconds) {
        precondition(limit > 0 && windowSeconds > 0 && capacity > 0)
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.capacity = capacity
        self.now = now
    }

    /// The wall clock in Unix milliseconds.
    public static let systemMilliseconds: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Counts one request for `key` and says whether it is within the limit. A refused
    /// request counts too, so retrying early does not help.
    public func acquire(_ key: String) -> Decision {
        let time = now()
        let windowMilliseconds = windowSeconds * 1000
        let start = time - ((time % windowMilliseconds) + windowMilliseconds) % windowMilliseconds
        return state.withLock { state in
            // A clock stepping back stays in the window already counted instead of forgiving it.
            if start > state.windowStart {
                state.windowStart = start
                state.counts.removeAll(keepingCapacity: state.counts.count <= 1024)
            }
            let end = state.windowStart + windowMilliseconds
            let retryAfter = max(1, (end - time + 999) / 1000)
            var count = state.counts[key] ?? 0
            if count == 0 && state.counts.count >= capacity {
                return Decision(allowed: false, limit: limit, remaining: 0, resetAt: end / 1000, retryAfter: retryAfter, windowSeconds: windowSeconds)
            }
            // Saturates at limit + 1: a client hammering a closed window cannot overflow it.
            count = min(count + 1, limit + 1)
            state.counts[key] = count
            return Decision(allowed: count <= limit, limit: limit, remaining: max(0, limit - count), resetAt: end / 1000,
                            retryAfter: retryAfter, windowSeconds: windowSeconds)
        }
    }

    /// Keys counted in the current window (for tests and metrics).
    public var trackedKeys: Int { state.withLock { $0.counts.count } }
}
