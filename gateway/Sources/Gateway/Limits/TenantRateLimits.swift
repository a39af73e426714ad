import Synchronization

/// Tenant-scoped limits (003 §16.2) shared by gateway replicas through a `LimitStore`.
///
/// The hot path never waits on the database while this replica holds leased requests: each
/// replica spends requests leased from the shared counter (`Lease`) and asks for more only
/// when its lease runs out, leasing a fraction of what is left (`RateLimitPolicy.leaseDivisor`)
/// and prefetching when half is spent. The store grants atomically, so the leases of one
/// window never exceed its allowance: replicas together admit no more than one process would.
/// Unspent leases go back after `idleReturn` and when their window ends (`sweep`).
///
/// Without a store every limit is counted in this process alone; while the store fails,
/// each limit follows its `RateLimit.Fallback` for `storeRetry` before the store is tried again.
public final class TenantRateLimits: Sendable {
    /// What `check` decided from the head.
    public enum Verdict: Sendable {
        /// Proceed; the answer carries these fields.
        case admit([(name: String, value: String)])
        /// Answer with this (429, or 503 for a fail-closed limit while the store is down).
        case refuse(APIError)
        /// A lease must be fetched first: call `admit` off the event loop.
        case pending
    }

    struct Key: Hashable {
        var tenant: String
        var limit: String
    }

    struct State {
        var leases: [Key: Lease] = [:]
        var local: [Key: (limiter: LocalLimiter, lastUsed: Int64)] = [:]
        var inflight: [Key: Task<Void, Never>] = [:]
        var storeDownUntil: Int64 = .min
        var outageLogged = false
        var lastPurge: Int64 = 0
    }

    public let policy: RateLimitPolicy
    let store: (any LimitStore)?
    /// Unix milliseconds; injectable so tests cross windows without waiting.
    let now: @Sendable () -> Int64
    let log: @Sendable (String) -> Void
    /// How long a failed store is left alone (the fallbacks apply meanwhile).
    let storeRetry: Int64
    /// Leased requests unspent this long go back to the store for other replicas.
    let idleReturn: Int64
    let state = Mutex(State())

    public init(policy: RateLimitPolicy, store: (any LimitStore)?, now: @escaping @Sendable () -> Int64 = FixedWindowLimiter.systemMilliseconds,
                storeRetry: Duration = .seconds(5), idleReturn: Duration = .seconds(1), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.policy = policy
        self.store = store
        self.now = now
        self.log = log
        self.storeRetry = Self.milliseconds(storeRetry)
        self.idleReturn = Self.milliseconds(idleReturn)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Decides on the event loop, without I/O: admitted from leased requests, refused from
    /// what the last lease learnt, or `.pending` when the store must be asked.
    public func check(_ caller: Caller, route: Route) -> Verdict {
        check(tenant: caller.tenantID, limits: policy.limits(for: route, caller: caller))
    }

    func check(tenant: String, limits: [RateLimit]) -> Verdict {
        guard !limits.isEmpty else { return .admit([]) }
        let time = now()
        return state.withLock { state in
            guard store != nil, time >= state.storeDownUntil else { return local(&state, tenant: tenant, limits: limits, at: time) }
            var decisions: [(limit: RateLimit, decision: RateDecision)] = []
            var pending = false
            for limit in limits {
                switch (state.leases[Key(tenant: tenant, limit: limit.key)] ?? Lease(limit: limit)).check(at: time) {
                case .spend(let decision): decisions.append((limit, decision))
                case .refuse(let decision):
                    decisions.append((limit, decision))
                    return .refuse(RateLimitHeaders.tooManyRequests(decisions, refused: decisions.count - 1, now: time))
                case .lease: pending = true
                }
            }
            if pending { return .pending }
            for limit in limits {
                let key = Key(tenant: tenant, limit: limit.key)
                state.leases[key]!.spend(at: time)
                if state.leases[key]!.wantsPrefetch(at: time) { startLease(&state, key: key, limit: limit) }
            }
            return .admit(RateLimitHeaders.fields(decisions, chosen: RateLimitHeaders.mostRestrictive(decisions), now: time))
        }
    }

    /// `check`, fetching leases as needed (off the event loop). Throws the 429 or 503.
    public func admit(_ caller: Caller, route: Route) async throws(APIError) -> [(name: String, value: String)] {
        let tenant = caller.tenantID, limits = policy.limits(for: route, caller: caller)
        // A few rounds: other replicas may take what a lease hoped for between two checks.
        for _ in 0..<4 {
            switch check(tenant: tenant, limits: limits) {
            case .admit(let fields): return fields
            case .refuse(let error): throw error
            case .pending:
                let time = now()
                let tasks = state.withLock { state in
                    limits.compactMap { limit -> Task<Void, Never>? in
                        let key = Key(tenant: tenant, limit: limit.key)
                        guard case .lease = (state.leases[key] ?? Lease(limit: limit)).check(at: time) else { return nil }
                        return startLease(&state, key: key, limit: limit)
                    }
                }
                for task in tasks { await task.value }
            }
        }
        // Still contended after those rounds: refuse briefly rather than loop on the database.
        let limit = limits[0], time = now()
        let decision = RateDecision(allowed: false, limit: limit.headerLimit, remaining: 0, resetAt: RateDecision.epochSeconds(time + 1000),
                                    retryAfter: 1, windowSeconds: limit.windowSeconds)
        throw RateLimitHeaders.tooManyRequests([(limit, decision)], refused: 0, now: time)
    }

    /// Fetches a lease for `key` unless one is on its way; either way the task to await.
    @discardableResult
    private func startLease(_ state: inout State, key: Key, limit: RateLimit) -> Task<Void, Never> {
        if let running = state.inflight[key] { return running }
        let task = Task { await self.lease(key, limit: limit) }
        state.inflight[key] = task
        return task
    }

    private func lease(_ key: Key, limit: RateLimit) async {
        guard let store else { return }
        let time = now()
        let want = state.withLock { state in
            (state.leases[key] ?? Lease(limit: limit)).want(replicas: policy.replicas, divisor: policy.leaseDivisor, at: time)
        }
        do {
            switch limit.algorithm {
            case .slidingWindow:
                let start = Window.start(of: time, length: limit.windowSeconds * 1000)
                let lease = try await store.leaseWindow(tenant: key.tenant, limit: limit, windowStart: start, at: time, want: want)
                let stale: (window: Int64, count: Int)? = state.withLock { state in
                    defer { state.inflight[key] = nil }
                    state.outageLogged = false
                    var current = state.leases[key] ?? Lease(limit: limit)
                    // A lease for a window this replica has already left is given straight back.
                    if current.window > start { return (start, lease.granted) }
                    let old = current.window != start && current.tokens > 0 ? (current.window, current.tokens) : nil
                    current.apply(lease, start: start, at: time)
                    state.leases[key] = current
                    return old
                }
                if let stale, stale.count > 0 {
                    try? await store.returnWindow(tenant: key.tenant, limit: limit, windowStart: stale.window, count: stale.count)
                }
            case .tokenBucket:
                let lease = try await store.leaseBucket(tenant: key.tenant, limit: limit, at: time, want: want)
                state.withLock { state in
                    state.inflight[key] = nil
                    state.outageLogged = false
                    var current = state.leases[key] ?? Lease(limit: limit)
                    current.apply(lease, at: time)
                    state.leases[key] = current
                }
            }
        } catch {
            let first = state.withLock { state in
                state.inflight[key] = nil
                state.storeDownUntil = time + storeRetry
                defer { state.outageLogged = true }
                return !state.outageLogged
            }
            if first { log("the rate-limit store does not answer; limits fall back per category (gateway/README.md) until it does: \(error)") }
        }
    }

    /// In-process counting: every limit alone without a store; while the store is down, each
    /// limit as its fallback says. All or nothing: a refused request counts against none.
    private func local(_ state: inout State, tenant: String, limits: [RateLimit], at time: Int64) -> Verdict {
        let shared = store != nil
        if shared, limits.contains(where: { $0.fallback == .refuse }) {
            return .refuse(RateLimitHeaders.storeUnavailable(retryAfter: RateDecision.seconds(state.storeDownUntil - time)))
        }
        var decisions: [(limit: RateLimit, decision: RateDecision)] = []
        var updated: [(Key, LocalLimiter)] = []
        for limit in limits {
            let effective = shared && limit.fallback == .localShare ? limit.share(of: policy.replicas) : limit
            // The share is its own key: a limit counted whole before an outage starts afresh.
            let key = Key(tenant: tenant, limit: effective == limit ? limit.key : limit.key + "/share")
            var limiter = state.local[key]?.limiter ?? LocalLimiter(effective)
            let decision = limiter.acquire(at: time)
            decisions.append((effective, decision))
            if !decision.allowed {
                return .refuse(RateLimitHeaders.tooManyRequests(decisions, refused: decisions.count - 1, now: time))
            }
            updated.append((key, limiter))
        }
        for (key, limiter) in updated { state.local[key] = (limiter, time) }
        return .admit(RateLimitHeaders.fields(decisions, chosen: RateLimitHeaders.mostRestrictive(decisions), now: time))
    }

    /// Gives back leases unspent for `idleReturn` or whose window ended, forgets idle state,
    /// and purges the store's dead rows once a minute. `run` calls it every second.
    public func sweep() async {
        let time = now()
        let (returns, purge) = state.withLock { state -> ([(Key, Lease, Int)], Bool) in
            var returns: [(Key, Lease, Int)] = []
            for (key, var lease) in state.leases {
                let ended = lease.window != lease.window(at: time)
                if lease.tokens > 0 && (ended || time - lease.lastUsed >= idleReturn) {
                    returns.append((key, lease, lease.tokens))
                    lease.tokens = 0
                    state.leases[key] = lease
                }
                if ended && time - lease.lastUsed > 2 * lease.windowMilliseconds { state.leases[key] = nil }
            }
            state.local = state.local.filter { time - $0.value.lastUsed < 2 * 86_400_000 }
            let purge = store != nil && time >= state.storeDownUntil && time - state.lastPurge >= 60_000
            if purge { state.lastPurge = time }
            return (returns, purge)
        }
        guard let store else { return }
        for (key, lease, count) in returns {
            switch lease.limit.algorithm {
            case .slidingWindow: try? await store.returnWindow(tenant: key.tenant, limit: lease.limit, windowStart: lease.window, count: count)
            case .tokenBucket: try? await store.returnBucket(tenant: key.tenant, limit: lease.limit, count: count)
            }
        }
        if purge { try? await store.purge(at: time) }
    }

    /// Sweeps every second until cancelled.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await sweep()
        }
    }

    /// Requests leased by this replica and not spent, for tests and metrics.
    public var leasedRequests: Int { state.withLock { $0.leases.values.reduce(0) { $0 + $1.tokens } } }
}
