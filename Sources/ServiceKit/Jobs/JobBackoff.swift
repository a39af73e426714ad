/// How long a failed job waits before its next run: exponential in the attempts made, with
/// full jitter (uniform between zero and the bound) so jobs that failed together, say on a
/// provider's outage, do not all come back at once.
public struct JobBackoff: Sendable, Hashable {
    /// The bound after the first failure.
    public var base: Duration
    /// The largest bound.
    public var cap: Duration

    /// A backoff from `base`, doubling per attempt, up to `cap`.
    public init(base: Duration = .seconds(1), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    /// The upper bound after `attempts` failed runs: `base · 2^(attempts−1)`, at most `cap`.
    public func bound(afterAttempts attempts: Int) -> Duration {
        let doublings = min(max(attempts - 1, 0), 30)
        return min(cap, base * (1 << doublings))
    }

    /// A random wait in `0...bound(afterAttempts:)`.
    public func delay(afterAttempts attempts: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let bound = bound(afterAttempts: attempts).milliseconds
        guard bound > 0 else { return .zero }
        return .milliseconds(Int64.random(in: 0...bound, using: &generator))
    }

    /// A random wait in `0...bound(afterAttempts:)` from the system's generator.
    public func delay(afterAttempts attempts: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempts: attempts, using: &generator)
    }
}
