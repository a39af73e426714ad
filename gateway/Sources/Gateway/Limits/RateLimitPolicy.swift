/// Which tenant-scoped limits a request counts against (003 §16.2): its route's category per
/// minute, and its tenant plan's requests per hour and per day (AI requests also per day).
///
/// A request is admitted only when every applicable limit admits it; its answer reports the
/// most restrictive one. Routes of the `auth`, `webhook` and `health` categories have no
/// tenant limits (the login's per-address limit is `Route.clientLimit`).
public struct RateLimitPolicy: Sendable {
    /// A plan's tier (003 §16.2 "By Plan").
    public struct Plan: Sendable, Hashable {
        public var requestsPerHour: Int
        public var requestsPerDay: Int
        public var aiRequestsPerDay: Int
        public init(requestsPerHour: Int, requestsPerDay: Int, aiRequestsPerDay: Int) {
            self.requestsPerHour = requestsPerHour
            self.requestsPerDay = requestsPerDay
            self.aiRequestsPerDay = aiRequestsPerDay
        }
    }

    /// Per-category limits; a category absent here has none.
    public var categories: [Route.RateCategory: RateLimit]
    /// 003 §16.2's "Special Endpoints" by path template, counted per tenant on top of their
    /// category; `Gateway` attaches each to its route when the route exists.
    public var endpoints: [String: RateLimit]
    /// Plans by lower-case name.
    public var plans: [String: Plan]
    /// The plan of a caller whose credentials name none (today's tokens carry no plan claim).
    public var defaultPlan: String
    /// How many gateway replicas share the limits: sizes leases and the `localShare` fallback.
    public var replicas: Int
    /// A lease takes `ceil(available / (replicas × leaseDivisor))` tokens (at least 1).
    public var leaseDivisor: Int

    public init(categories: [Route.RateCategory: RateLimit], endpoints: [String: RateLimit] = [:], plans: [String: Plan],
                defaultPlan: String = "starter", replicas: Int = 3, leaseDivisor: Int = 2) {
        self.categories = categories
        self.endpoints = endpoints
        self.plans = plans
        self.defaultPlan = defaultPlan
        self.replicas = max(1, replicas)
        self.leaseDivisor = max(1, leaseDivisor)
    }

    /// 003 §16.2 as written. Read and search fail open; write, delete and the plan's hourly and
    /// daily limits fail open at a replica's share; AI, bulk and export fail closed (why: README).
    public static func seed(defaultPlan: String = "starter", replicas: Int = 3) -> RateLimitPolicy {
        func minute(_ name: String, _ limit: Int, _ burst: Int, _ fallback: RateLimit.Fallback,
                    _ algorithm: RateLimit.Algorithm = .slidingWindow) -> RateLimit {
            RateLimit(name, algorithm, limit: limit, burst: burst, windowSeconds: 60, fallback: fallback)
        }
        return RateLimitPolicy(
            categories: [
                .read: minute("read", 100, 150, .local),
                .write: minute("write", 30, 50, .localShare),
                .delete: minute("delete", 10, 20, .localShare),
                .search: minute("search", 20, 30, .local),
                .ai: minute("ai", 10, 15, .refuse, .tokenBucket),
                .bulk: minute("bulk", 5, 10, .refuse),
                .export: minute("export", 3, 5, .refuse),
            ],
            endpoints: [
                // ANAF's own daily quota: past it the submissions would fail anyway, so never over-admit.
                "/api/v1/fiscal/efactura/submit": RateLimit("efactura-submit", limit: 100, windowSeconds: 86_400, fallback: .refuse),
                "/api/v1/ai/process": RateLimit("ai-process", .tokenBucket, limit: 10, windowSeconds: 60, fallback: .refuse),
                "/api/v1/analytics/export": RateLimit("analytics-export", limit: 10, windowSeconds: 3600, fallback: .refuse),
                "/api/v1/webhooks/:id/test": RateLimit("webhook-test", limit: 10, windowSeconds: 3600, fallback: .localShare),
            ],
            plans: [
                "starter": Plan(requestsPerHour: 500, requestsPerDay: 5_000, aiRequestsPerDay: 500),
                "professional": Plan(requestsPerHour: 2_000, requestsPerDay: 20_000, aiRequestsPerDay: 2_000),
                "enterprise": Plan(requestsPerHour: 10_000, requestsPerDay: 100_000, aiRequestsPerDay: 10_000),
            ],
            defaultPlan: defaultPlan, replicas: replicas)
    }

    /// `routes` with their special limits attached (`Route.tenantLimit`), by path.
    public func attachingEndpointLimits(to routes: [Route]) -> [Route] {
        routes.map { route in
            var route = route
            route.tenantLimit = endpoints[route.path]
            return route
        }
    }

    /// The plan a caller's limits follow: the one its credentials name, or the default for an
    /// unknown or absent one (a typo in a token must not lift every limit).
    public func plan(of caller: Caller) -> (name: String, tier: Plan?) {
        let name = caller.plan.map { $0.lowercased() }.flatMap { plans[$0] == nil ? nil : $0 } ?? defaultPlan
        return (name, plans[name])
    }

    /// The limits a request to `route` by `caller` counts against: the route's category first,
    /// then its special limit, the API key's own (003 §2.2 `rateLimit`, per key per minute; 0:
    /// none beyond the tenant's) and the plan's hourly, daily and AI-daily limits.
    public func limits(for route: Route, caller: Caller) -> [RateLimit] {
        guard let limit = categories[route.rateCategory] else { return [] }
        var all = [limit]
        if let special = route.tenantLimit { all.append(special) }
        if let own = Self.apiKeyLimit(of: caller) { all.append(own) }
        if let tier = plan(of: caller).tier { all += Self.limits(of: tier, ai: route.rateCategory == .ai) }
        return all
    }

    /// An API key's own limit (003 §2.2 `rateLimit` per minute), counted per key; nil for
    /// callers that are not keys or whose key has none.
    static func apiKeyLimit(of caller: Caller) -> RateLimit? {
        guard caller.apiKeyRateLimit > 0 else { return nil }
        return RateLimit("api-key", limit: caller.apiKeyRateLimit, windowSeconds: 60, fallback: .localShare, subject: caller.apiKeyID)
    }

    /// A plan's hourly and daily limits, and its AI-daily one for AI requests.
    static func limits(of tier: Plan, ai: Bool) -> [RateLimit] {
        var limits = [RateLimit("plan-hour", limit: tier.requestsPerHour, windowSeconds: 3600, fallback: .localShare),
                      RateLimit("plan-day", limit: tier.requestsPerDay, windowSeconds: 86_400, fallback: .localShare)]
        if ai { limits.append(RateLimit("ai-day", limit: tier.aiRequestsPerDay, windowSeconds: 86_400, fallback: .refuse)) }
        return limits
    }
}
