import Testing
@testable import Gateway

/// The login limit's counter (003 §16.2, §16.4) at its window boundaries, on an injected clock.
@Suite struct FixedWindowLimiterTests {
    /// 1_800_000_000 is a multiple of 60: a minute window starts there.
    static let windowStart: Int64 = 1_800_000_000_000

    func limiter(_ clock: ManualClock, limit: Int = 5, capacity: Int = 100) -> FixedWindowLimiter {
        FixedWindowLimiter(limit: limit, windowSeconds: 60, capacity: capacity, now: clock.now)
    }

    @Test func allowsTheLimit_thenRefusesUntilTheWindowEnds() {
        let clock = ManualClock(milliseconds: Self.windowStart + 10_000)
        let limiter = limiter(clock)
        let decisions = (1...6).map { _ in limiter.acquire("203.0.113.7") }
        #expect(decisions.map(\.allowed) == [true, true, true, true, true, false])
        #expect(decisions.map(\.remaining) == [4, 3, 2, 1, 0, 0])
        #expect(decisions[5] == .init(allowed: false, limit: 5, remaining: 0, resetAt: 1_800_000_060, retryAfter: 50, windowSeconds: 60))
    }

    @Test func resetsExactlyAtTheBoundary() {
        let clock = ManualClock(milliseconds: Self.windowStart)
        let limiter = limiter(clock, limit: 1)
        #expect(limiter.acquire("a").allowed)
        #expect(limiter.acquire("a").retryAfter == 60)
        clock.milliseconds = Self.windowStart + 59_999
        let last = limiter.acquire("a")
        #expect(!last.allowed)
        #expect(last.retryAfter == 1, "a part of a second left is a whole second to wait")
        clock.milliseconds = Self.windowStart + 60_000
        let next = limiter.acquire("a")
        #expect(next.allowed)
        #expect(next.resetAt == 1_800_000_120)
    }

    @Test func countsEachKeySeparately() {
        let clock = ManualClock(milliseconds: Self.windowStart)
        let limiter = limiter(clock, limit: 2)
        #expect(limiter.acquire("a").allowed && limiter.acquire("a").allowed)
        #expect(!limiter.acquire("a").allowed)
        #expect(limiter.acquire("b").allowed)
    }

    @Test func refusedRequestsCountToo_soRetryingEarlyDoesNotHelp() {
        let clock = ManualClock(milliseconds: Self.windowStart)
        let limiter = limiter(clock, limit: 1)
        for _ in 0..<1000 { _ = limiter.acquire("a") }
        #expect(!limiter.acquire("a").allowed)
        clock.advance(milliseconds: 60_000)
        #expect(limiter.acquire("a").allowed)
    }

    @Test func dropsIdleKeys_whenANewWindowBegins() {
        let clock = ManualClock(milliseconds: Self.windowStart)
        let limiter = limiter(clock)
        for index in 0..<50 { _ = limiter.acquire("10.0.0.\(index)") }
        #expect(limiter.trackedKeys == 50)
        clock.advance(milliseconds: 60_000)
        _ = limiter.acquire("10.0.0.1")
        #expect(limiter.trackedKeys == 1)
    }

    @Test func failsClosed_forNewKeysWhenFull() {
        let clock = ManualClock(milliseconds: Self.windowStart)
        let limiter = limiter(clock, capacity: 3)
        for key in ["a", "b", "c"] { #expect(limiter.acquire(key).allowed) }
        #expect(!limiter.acquire("d").allowed)
        #expect(limiter.acquire("a").allowed, "keys already counted keep their allowance")
        #expect(limiter.trackedKeys == 3)
        clock.advance(milliseconds: 60_000)
        #expect(limiter.acquire("d").allowed)
    }

    @Test func aClockSteppingBack_staysInTheCountedWindow() {
        let clock = ManualClock(milliseconds: Self.windowStart + 60_000)
        let limiter = limiter(clock, limit: 1)
        #expect(limiter.acquire("a").allowed)
        clock.milliseconds = Self.windowStart + 30_000
        #expect(!limiter.acquire("a").allowed)
    }

    @Test func clientAddressIsTheHostWithoutThePort() {
        #expect(ClientAddress.host(of: "203.0.113.7:51234") == "203.0.113.7")
        #expect(ClientAddress.host(of: "[2001:db8::1]:443") == "2001:db8::1")
        #expect(ClientAddress.host(of: "2001:db8::1") == "2001:db8::1")
        #expect(ClientAddress.host(of: "unknown") == "unknown")
    }

    @Test func windowsAreSpelledAsTheSeedDoes() {
        #expect(ClientLimits.spell(60) == "1 minute")
        #expect(ClientLimits.spell(120) == "2 minutes")
        #expect(ClientLimits.spell(3600) == "1 hour")
        #expect(ClientLimits.spell(90) == "90 seconds")
    }
}
