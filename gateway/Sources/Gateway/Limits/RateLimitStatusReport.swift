import CommonAPI
import GatewayAPI

/// GET /api/v1/rate-limit/status (003 §16.6): the caller's plan and limits, its use of the
/// plan's hourly, daily and AI-daily limits, and of every per-minute limit it counts against.
///
/// `byEndpoint` names a category by its limit's name (`read`, `write`…, as `RateLimit-Policy`
/// does), a special endpoint by its path, and an API key's own limit `api-key`.
struct RateLimitStatusReport: Sendable {
    let limits: TenantRateLimits
    /// The special limits of the routes this gateway serves, by path.
    let endpoints: [(path: String, limit: RateLimit)]

    init(limits: TenantRateLimits, routes: [Route]) {
        self.limits = limits
        var seen: Set<String> = []
        endpoints = routes.compactMap { route in
            guard let limit = route.tenantLimit, seen.insert(route.path).inserted else { return nil }
            return (route.path, limit)
        }.sorted { $0.path < $1.path }
    }

    static let categories: [Route.RateCategory] = [.read, .write, .delete, .search, .ai, .bulk, .export]

    func status(for caller: Caller) async -> RateLimitStatus {
        let policy = limits.policy
        let (plan, tier) = policy.plan(of: caller)
        var named: [(endpoint: String, limit: RateLimit)] = Self.categories.compactMap { category in
            policy.categories[category].map { ($0.name, $0) }
        }
        named += endpoints.map { (endpoint: $0.path, limit: $0.limit) }
        if let own = RateLimitPolicy.apiKeyLimit(of: caller) { named.append((own.name, own)) }
        let planLimits = tier.map { RateLimitPolicy.limits(of: $0, ai: true) } ?? []
        let usage = await limits.usage(tenant: caller.tenantID, limits: named.map(\.limit) + planLimits)
        let byEndpoint = zip(named, usage).map { named, usage in
            EndpointUsage(endpoint: named.endpoint, used: UInt64(usage.used), limit: UInt64(usage.ceiling), remaining: UInt64(usage.remaining))
        }
        let plans = Array(usage.suffix(planLimits.count))
        func current(_ index: Int) -> RateLimitUsage? {
            guard index < plans.count else { return nil }
            let usage = plans[index]
            return RateLimitUsage(used: UInt64(usage.used), remaining: UInt64(usage.remaining),
                                  resetsAt: Timestamp(seconds: usage.resetsAt / 1000, nanos: Int32(usage.resetsAt % 1000) * 1_000_000))
        }
        return RateLimitStatus(
            tenant: RateLimitTenant(plan: plan, limits: tier.map {
                RatePlanLimits(requestsPerHour: UInt64($0.requestsPerHour), requestsPerDay: UInt64($0.requestsPerDay), aiRequestsPerDay: UInt64($0.aiRequestsPerDay))
            }),
            current: RateLimitCurrent(hourly: current(0), daily: current(1), ai: current(2)),
            byEndpoint: byEndpoint)
    }
}
