/// One limit counted in this process alone: without a shared store, or while it is down.
enum LocalLimiter: Sendable {
    case window(SlidingWindow)
    case bucket(TokenBucket)

    init(_ limit: RateLimit) {
        switch limit.algorithm {
        case .slidingWindow: self = .window(SlidingWindow(limit: limit.limit, burst: limit.burst, windowSeconds: limit.windowSeconds))
        case .tokenBucket: self = .bucket(TokenBucket(capacity: limit.burst, refill: limit.limit, windowSeconds: limit.windowSeconds))
        }
    }

    mutating func acquire(at time: Int64) -> RateDecision {
        switch self {
        case .window(var window):
            let decision = window.acquire(at: time)
            self = .window(window)
            return decision
        case .bucket(var bucket):
            let decision = bucket.acquire(at: time)
            self = .bucket(bucket)
            return decision
        }
    }
}
