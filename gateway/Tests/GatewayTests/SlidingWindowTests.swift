import Testing
@testable import Gateway

/// The sliding window of 003 §16.4 (two-window weighted approximation) on an injected clock.
@Suite struct SlidingWindowTests {
    /// A multiple of 60 s: a minute window starts here.
    static let start: Int64 = 1_800_000_000_000

    @Test func admitsTheLimitInOneWindow_thenRefuses() {
        var window = SlidingWindow(limit: 3, windowSeconds: 60)
        let decisions = (0..<4).map { _ in window.acquire(at: Self.start + 10_000) }
        #expect(decisions.map(\.allowed) == [true, true, true, false])
        #expect(decisions.map(\.remaining) == [2, 1, 0, 0])
        #expect(decisions[3].resetAt == 1_800_000_060)
        // Full for this window (50 s left) and the next opens once 3 × rest/60 s ≤ 2: 20 s into it.
        #expect(decisions[3].retryAfter == 70)
    }

    @Test func previousWindowWeighsByTheRemainingOverlap() {
        var window = SlidingWindow(limit: 3, windowSeconds: 60)
        for _ in 0..<3 { #expect(window.acquire(at: Self.start + 59_000).allowed) }
        // At the boundary the previous window counts whole: nothing is admitted.
        #expect(!window.acquire(at: Self.start + 60_000).allowed)
        // 19.999 s in: ceil(3 × 40.001/60) = 3 still carried.
        #expect(!window.acquire(at: Self.start + 79_999).allowed)
        // 20 s in: ceil(3 × 40/60) = 2 carried, one request admitted.
        #expect(window.acquire(at: Self.start + 80_000).allowed)
        #expect(!window.acquire(at: Self.start + 80_001).allowed)
        // 40 s in: 1 carried, 1 counted: one more.
        #expect(window.acquire(at: Self.start + 100_000).allowed)
    }

    @Test func refusalsDoNotCount() {
        var window = SlidingWindow(limit: 1, windowSeconds: 60)
        #expect(window.acquire(at: Self.start).allowed)
        for _ in 0..<10 { #expect(!window.acquire(at: Self.start + 1_000).allowed) }
        #expect(window.current == 1)
    }

    @Test func aSkippedWindowForgetsEverything() {
        var window = SlidingWindow(limit: 2, windowSeconds: 60)
        #expect(window.acquire(at: Self.start).allowed && window.acquire(at: Self.start).allowed)
        let later = window.acquire(at: Self.start + 120_000)
        #expect(later.allowed && later.remaining == 1)
    }

    @Test func neverAdmitsMoreThanTwiceTheLimitInAnyWindowLength() {
        // The documented worst case: the previous window's requests all at its end.
        var window = SlidingWindow(limit: 10, windowSeconds: 60)
        var admitted: [Int64] = []
        var time = Self.start + 59_000
        while time < Self.start + 240_000 {
            if window.acquire(at: time).allowed { admitted.append(time) }
            time += 250
        }
        for first in admitted {
            #expect(admitted.filter { $0 >= first && $0 < first + 60_000 }.count <= 20)
        }
        for minute in 0..<4 {
            let aligned = Self.start + Int64(minute) * 60_000
            #expect(admitted.filter { $0 >= aligned && $0 < aligned + 60_000 }.count <= 10)
        }
    }

    /// 003 §16.2's burst: after a quiet window the ceiling is the burst; after a full one, the limit.
    @Test func aQuietClientMayBurst_thenIsHeldToTheLimit() {
        var window = SlidingWindow(limit: 100, burst: 150, windowSeconds: 60)
        let first = (0..<151).map { _ in window.acquire(at: Self.start + 1_000) }
        #expect(first.prefix(150).allSatisfy(\.allowed) && !first[150].allowed)
        #expect(first[0].limit == 150 && first[0].remaining == 149)
        // The next window's ceiling is 100 and it carries ceil(150 × rest/60 s): nothing until that is 99, 20.4 s in.
        #expect(!window.acquire(at: Self.start + 60_000 + 20_399).allowed)
        let after = window.acquire(at: Self.start + 60_000 + 20_400)
        #expect(after.allowed && after.limit == 100)
    }

    @Test func sustainedTrafficAveragesTheLimit_andTwoWindowsHoldAtMostLimitPlusBurst() {
        var window = SlidingWindow(limit: 10, burst: 15, windowSeconds: 60)
        var perWindow = [Int](repeating: 0, count: 12)
        var time = Self.start
        while time < Self.start + 12 * 60_000 {
            if window.acquire(at: time).allowed { perWindow[Int((time - Self.start) / 60_000)] += 1 }
            time += 100
        }
        #expect(perWindow[0] == 15, "a quiet client's first window is the burst")
        for index in 1..<perWindow.count { #expect(perWindow[index - 1] + perWindow[index] <= 25, "\(perWindow)") }
        #expect(perWindow.reduce(0, +) <= 12 * 10 + 5, "\(perWindow)")
    }

    @Test func aClockSteppingBackStaysInTheCountedWindow() {
        var window = SlidingWindow(limit: 1, windowSeconds: 60)
        #expect(window.acquire(at: Self.start + 61_000).allowed)
        #expect(!window.acquire(at: Self.start + 1_000).allowed)
    }
}

/// The token bucket of 003 §16.4 (AI): capacity is the burst, refill the limit per window.
@Suite struct TokenBucketTests {
    static let start: Int64 = 1_800_000_000_000

    @Test func allowsTheBurstAtOnce_thenOneTokenPerRefillInterval() {
        var bucket = TokenBucket(capacity: 15, refill: 10, windowSeconds: 60)
        let burst = (0..<16).map { _ in bucket.acquire(at: Self.start) }
        #expect(burst.prefix(15).allSatisfy { $0.allowed })
        #expect(!burst[15].allowed)
        // 10 per minute: a token every 6 s.
        #expect(burst[15].retryAfter == 6)
        #expect(burst[14].remaining == 0 && burst[0].remaining == 14 && burst[0].limit == 15)
        #expect(!bucket.acquire(at: Self.start + 5_999).allowed)
        #expect(bucket.acquire(at: Self.start + 6_000).allowed)
        #expect(!bucket.acquire(at: Self.start + 6_001).allowed)
    }

    @Test func refillsUpToTheCapacityOnly() {
        var bucket = TokenBucket(capacity: 15, refill: 10, windowSeconds: 60)
        for _ in 0..<15 { _ = bucket.acquire(at: Self.start) }
        // An hour later: full (15), not 600.
        #expect(bucket.tokens(at: Self.start + 3_600_000) == 15)
        let decision = bucket.acquire(at: Self.start + 3_600_000)
        #expect(decision.remaining == 14)
        // Reset: when the one taken is back, 6 s later.
        #expect(decision.resetAt == 1_800_003_606)
    }

    @Test func aClockSteppingBackAddsNothing() {
        var bucket = TokenBucket(capacity: 1, refill: 1, windowSeconds: 60)
        #expect(bucket.acquire(at: Self.start + 60_000).allowed)
        #expect(!bucket.acquire(at: Self.start).allowed)
        #expect(!bucket.acquire(at: Self.start + 119_999).allowed)
        #expect(bucket.acquire(at: Self.start + 120_000).allowed)
    }
}
