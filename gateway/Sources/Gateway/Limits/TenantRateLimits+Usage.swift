extension TenantRateLimits {
    /// What `tenant` has used of each of `limits` and what is left (003 §16.6), counting
    /// nothing. With a store: every replica's count from it, less the requests this replica
    /// has leased and not spent (other replicas' unspent leases count as used until they go
    /// back, within `idleReturn`). Without one, or while it is down: this replica's own counts.
    public func usage(tenant: String, limits: [RateLimit]) async -> [LimitUsage] {
        let time = now()
        let shared = state.withLock { state in store != nil && time >= state.storeDownUntil }
        if shared, let store, let stored = try? await store.usage(tenant: tenant, limits: limits, at: time) {
            let unspent = state.withLock { state in
                limits.map { limit -> Int in
                    guard let lease = state.leases[Key(tenant: tenant, limit: limit.key)], lease.window == lease.window(at: time) else { return 0 }
                    return lease.tokens
                }
            }
            return zip(limits, unspent).map { limit, unspent in
                switch (limit.algorithm, stored[limit.key]) {
                case (.tokenBucket, .bucket(let units)?):
                    return .bucket(limit, units: min(Int64(limit.burst) * limit.windowSeconds * 1000, units + Int64(unspent) * limit.windowSeconds * 1000), at: time)
                case (.tokenBucket, _):
                    return .bucket(limit, units: Int64(limit.burst) * limit.windowSeconds * 1000, at: time)
                case (.slidingWindow, .window(let current, let previous)?):
                    return .window(limit, current: max(0, current - unspent), previous: previous, at: time)
                case (.slidingWindow, _):
                    return .window(limit, current: 0, previous: 0, at: time)
                }
            }
        }
        return state.withLock { state in
            limits.map { limit in
                let effective = store != nil && limit.fallback == .localShare ? limit.share(of: policy.replicas) : limit
                let key = Key(tenant: tenant, limit: effective == limit ? limit.key : limit.key + "/share")
                return (state.local[key]?.limiter ?? LocalLimiter(effective)).usage(of: effective, at: time)
            }
        }
    }
}

extension LocalLimiter {
    /// The limiter's state at `time`, counting nothing.
    func usage(of limit: RateLimit, at time: Int64) -> LimitUsage {
        switch self {
        case .window(var window):
            window.roll(to: time)
            return .window(limit, current: window.current, previous: window.previous, at: time)
        case .bucket(let bucket):
            let units = TokenBucket.refilled(bucket.units, from: bucket.updatedAt ?? time, to: time, capacity: bucket.capacity,
                                             refill: bucket.refill, window: bucket.windowMilliseconds)
            return .bucket(limit, units: units, at: time)
        }
    }
}
