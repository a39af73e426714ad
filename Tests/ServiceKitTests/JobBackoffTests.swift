import Testing
@testable import ServiceKit

struct JobBackoffTests {
    @Test func boundDoublesPerAttempt_upToTheCap() {
        let backoff = JobBackoff(base: .seconds(1), cap: .seconds(10))
        #expect((1...6).map { backoff.bound(afterAttempts: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        #expect(backoff.bound(afterAttempts: 10_000) == .seconds(10))
    }

    @Test func delayIsJitteredWithinTheBound() {
        let backoff = JobBackoff(base: .milliseconds(100), cap: .seconds(60))
        let delays = (0..<200).map { _ in backoff.delay(afterAttempts: 3) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 20, "full jitter spreads the retries")
    }
}
