/// A replica's part of one shared limit for one tenant: requests leased from the store and
/// not spent yet, and what the last lease learnt about the shared count. Pure: the
/// `TenantRateLimits` around it does the I/O (the state-machine shape of postgres-nio).
struct Lease: Sendable {
    /// What a request may do with this lease.
    enum Check: Equatable {
        /// Spend one leased request; the decision is what the headers say.
        case spend(RateDecision)
        /// The shared limit had nothing left when last asked and cannot have more yet.
        case refuse(RateDecision)
        /// Nothing leased here and the store may have more: ask it.
        case lease
    }

    let limit: RateLimit
    /// The aligned window the tokens belong to (sliding windows; 0 for a bucket).
    var window: Int64 = .min
    /// Leased, not yet spent.
    var tokens = 0
    /// The shared room left after the last lease (every replica's), for X-RateLimit-Remaining.
    var sharedRemaining = 0
    /// Until when the store has nothing to lease, as the last lease found; nil: it has more.
    var emptyUntil: Int64?
    /// When a refused client may retry (after `emptyUntil` when the window is full).
    var retryAt: Int64 = 0
    /// Unix ms of the reset the headers announce.
    var resetAt: Int64 = 0
    /// What the current window admits at most (X-RateLimit-Limit): a window's ceiling after
    /// its previous one (`SlidingWindow.ceiling`), a bucket's capacity.
    var ceiling: Int
    /// The last lease's size, for prefetching when half of it is spent.
    var lastGrant = 0
    /// Unix ms of the last spend or lease: idle leases go back to the store.
    var lastUsed: Int64 = 0

    init(limit: RateLimit) {
        self.limit = limit
        ceiling = limit.burst
    }

    var windowMilliseconds: Int64 { limit.windowSeconds * 1000 }

    /// The window a request at `time` counts in; buckets have one, forever.
    func window(at time: Int64) -> Int64 {
        limit.algorithm == .tokenBucket ? 0 : Window.start(of: time, length: windowMilliseconds)
    }

    func check(at time: Int64) -> Check {
        guard window == window(at: time) else { return .lease }
        if tokens > 0 {
            return .spend(RateDecision(allowed: true, limit: ceiling, remaining: max(0, tokens - 1 + sharedRemaining),
                                       resetAt: RateDecision.epochSeconds(resetAt), retryAfter: 1, windowSeconds: limit.windowSeconds))
        }
        if let emptyUntil, time < emptyUntil {
            return .refuse(RateDecision(allowed: false, limit: ceiling, remaining: 0, resetAt: RateDecision.epochSeconds(resetAt),
                                        retryAfter: RateDecision.seconds(retryAt - time), windowSeconds: limit.windowSeconds))
        }
        return .lease
    }

    mutating func spend(at time: Int64) {
        tokens -= 1
        lastUsed = time
    }

    /// Whether to lease more before running out, so the next requests need no round trip.
    func wantsPrefetch(at time: Int64) -> Bool {
        window == window(at: time) && emptyUntil == nil && tokens <= lastGrant / 2
    }

    /// How many to ask for: a fraction of what is left, so replicas share the remainder and
    /// the last requests of a window are leased one or two at a time.
    func want(replicas: Int, divisor: Int, at time: Int64) -> Int {
        let available = window == window(at: time) ? sharedRemaining : limit.burst
        return max(1, (available + replicas * divisor - 1) / (replicas * divisor))
    }

    /// Takes in a window lease made at `time` for the window starting at `start`.
    mutating func apply(_ lease: WindowLease, start: Int64, at time: Int64) {
        if window != start { tokens = 0 }
        window = start
        tokens += lease.granted
        lastGrant = lease.granted
        lastUsed = time
        let length = windowMilliseconds
        let elapsed = time - start
        ceiling = SlidingWindow.ceiling(limit: limit.limit, burst: limit.burst, previous: lease.previous)
        let allowance = SlidingWindow.allowance(limit: ceiling, previous: lease.previous, elapsed: elapsed, window: length)
        sharedRemaining = max(0, allowance - lease.used)
        resetAt = start + length
        if sharedRemaining > 0 {
            emptyUntil = nil
        } else if let wait = SlidingWindow.waitUntilAllowance(exceeds: lease.used, limit: ceiling, previous: lease.previous, elapsed: elapsed, window: length) {
            emptyUntil = time + wait
            retryAt = emptyUntil!
        } else {
            // Full until the window ends, and the next one opens once this one's count decays.
            emptyUntil = start + length
            let next = SlidingWindow.waitUntilAllowance(exceeds: 0, limit: SlidingWindow.ceiling(limit: limit.limit, burst: limit.burst, previous: lease.used),
                                                        previous: lease.used, elapsed: 0, window: length) ?? 0
            retryAt = start + length + next
        }
    }

    /// Takes in a bucket lease.
    mutating func apply(_ lease: BucketLease, at time: Int64) {
        window = 0
        tokens += lease.granted
        lastGrant = lease.granted
        lastUsed = time
        let length = windowMilliseconds
        sharedRemaining = Int(lease.units / length)
        resetAt = lease.time + TokenBucket.wait(untilFullFrom: lease.units, capacity: limit.burst, refill: limit.limit, window: length)
        if sharedRemaining > 0 {
            emptyUntil = nil
        } else {
            emptyUntil = lease.time + TokenBucket.wait(forTokenFrom: lease.units, refill: limit.limit, window: length)
            retryAt = emptyUntil!
        }
    }
}
