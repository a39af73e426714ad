#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock by which a call must finish. On the wire a deadline
/// travels relative (milliseconds remaining), so peers need not share a clock.
public struct Deadline: Sendable, Hashable, Comparable {
    /// Nanoseconds on the monotonic clock.
    public let nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The monotonic clock now, in nanoseconds.
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The deadline `timeout` after `now`.
    public static func after(_ timeout: Duration, now: UInt64 = Deadline.now()) -> Deadline {
        let (seconds, attoseconds) = timeout.components
        let nanos = max(0, seconds) * 1_000_000_000 + max(0, attoseconds / 1_000_000_000)
        return Deadline(nanoseconds: now &+ UInt64(nanos))
    }

    /// The deadline `milliseconds` after `now` (the wire form).
    public static func after(milliseconds: UInt32, now: UInt64 = Deadline.now()) -> Deadline {
        Deadline(nanoseconds: now &+ UInt64(milliseconds) * 1_000_000)
    }

    /// Nanoseconds left at `now`, zero once passed.
    public func remainingNanoseconds(now: UInt64 = Deadline.now()) -> UInt64 {
        nanoseconds > now ? nanoseconds - now : 0
    }

    /// Whole milliseconds left, rounded up so a live deadline never reads as zero
    /// (zero on the wire means "no deadline"); nil once passed.
    public func remainingMilliseconds(now: UInt64 = Deadline.now()) -> UInt32? {
        let left = remainingNanoseconds(now: now)
        guard left > 0 else { return nil }
        return UInt32(min(UInt64(UInt32.max), (left + 999_999) / 1_000_000))
    }

    public func hasPassed(now: UInt64 = Deadline.now()) -> Bool { now >= nanoseconds }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
