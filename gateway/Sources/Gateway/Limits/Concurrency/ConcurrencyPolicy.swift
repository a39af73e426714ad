/// How many requests may be in flight in one gateway replica (gateway/README.md §Noisy
/// neighbours): per tenant, and in total before load is shed. A request is in flight from
/// its head's admission until its response is produced.
public struct ConcurrencyPolicy: Sendable, Equatable {
    /// Requests of one tenant in flight at most (Stripe's concurrent-request limiter); 0: no limit.
    public var perTenant: Int
    /// Requests in flight at most, all parties together; 0: no bound and no shedding.
    public var capacity: Int
    /// Beyond this many in flight a party holding its share of it or more is shed (503), so
    /// the room up to `capacity` goes to the parties below their share.
    public var highWater: Int
    /// Calls from this replica in flight to one upstream at most, the next slot going to the
    /// tenant whose turn it is (`FairQueue`); 0: calls are not queued here.
    public var upstreamSlots: Int

    /// `highWater` defaults to three quarters of `capacity`.
    public init(perTenant: Int, capacity: Int, highWater: Int? = nil, upstreamSlots: Int = 0) {
        precondition(perTenant >= 0 && capacity >= 0 && upstreamSlots >= 0)
        self.perTenant = perTenant
        self.capacity = capacity
        self.highWater = min(capacity, max(1, highWater ?? capacity * 3 / 4))
        self.upstreamSlots = upstreamSlots
    }

    /// 16 per tenant: a tenant is many users and integrations at once (a page load fires
    /// several calls; a browser opens six connections), while 003 §16.2's rates are far below
    /// what 16 in flight carry at a read's ~2 ms, so the limit bites only on floods and slow
    /// requests. 512 in total: shedding starts at 384 (24 tenants at their limit), and the rest
    /// is for parties below their share. No
    /// upstream slots: how many calls an upstream serves at once without queueing depends on
    /// its cores and replicas, which a replica cannot know (gateway/README.md §Noisy neighbours
    /// has the measurements that chose these).
    public static let standard = ConcurrencyPolicy(perTenant: 16, capacity: 512)

    /// Nothing counted: every request is admitted as before this limit existed.
    public static let off = ConcurrencyPolicy(perTenant: 0, capacity: 0)

    /// Whether anything is counted at all.
    public var isOff: Bool { perTenant == 0 && capacity == 0 }
}
