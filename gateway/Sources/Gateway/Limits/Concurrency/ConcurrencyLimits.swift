import Synchronization

/// The per-tenant concurrent-request limit and the load shedding of one gateway replica
/// (gateway/README.md §Noisy neighbours), after Stripe's concurrent-request limiter: rate
/// limits bound how many requests a tenant starts a minute, this bounds how many it holds
/// at once, which is what crowds out the others when its requests are slow.
///
/// `admit` runs on the event loop from `Gateway.decide`: a mutex, no I/O. The permit it
/// returns is released exactly once: by `Gateway.respond` when the response is made, or, for
/// a request abandoned before that (its client gone before the body arrived), when the last
/// reference to the permit goes. With `ConcurrencyPolicy.upstreamSlots` it also puts each
/// upstream's caller behind a `FairCaller`.
public final class ConcurrencyLimits: Sendable {
    public let policy: ConcurrencyPolicy
    private let counts: Mutex<InflightCounts>

    public init(policy: ConcurrencyPolicy = .standard) {
        self.policy = policy
        counts = Mutex(InflightCounts(policy: policy))
    }

    /// Counts a request of `tenant` (nil: a public route, or an API key not verified yet) and
    /// returns its permit, or throws the 429 or 503 to answer. Nil when the policy is off.
    func admit(tenant: String?) throws(APIError) -> InflightPermit? {
        guard !policy.isOff else { return nil }
        let party: Party = tenant.map { .tenant($0) } ?? .anonymous
        let verdict = counts.withLock { $0.admit(party) }
        guard verdict == .admit else { throw refusal(verdict) }
        return InflightPermit(limits: self, party: party)
    }

    /// Counts an admitted request for `new` instead; on refusal it stays counted for `old`.
    func move(_ old: Party, to new: Party) throws(APIError) {
        let verdict = counts.withLock { $0.move(old, to: new) }
        guard verdict == .admit else { throw refusal(verdict) }
    }

    func release(_ party: Party) {
        counts.withLock { $0.release(party) }
    }

    /// `upstreams` with their callers behind a `FairCaller` each, when the policy has upstream slots.
    func fair(_ upstreams: [Upstream]) -> [Upstream] {
        guard policy.upstreamSlots > 0 else { return upstreams }
        return upstreams.map { Upstream(services: $0.services, name: $0.name, caller: FairCaller($0.caller, slots: policy.upstreamSlots)) }
    }

    /// Requests in flight in this replica, for tests and metrics.
    public var inFlight: Int { counts.withLock { $0.total } }

    /// Requests of `tenant` in flight in this replica, for tests and metrics.
    public func inFlight(tenant: String) -> Int { counts.withLock { $0.held(by: .tenant(tenant)) } }
}
