import Foundation
import Gateway
import ProtoJSON
import Testing

/// GET /api/v1/rate-limit/status (003 §16.6), the plan claim, per-API-key limits (003 §2.2)
/// and the special endpoints of 003 §16.2, over real HTTP.
@Suite struct RateLimitStatusTests {
    @Test func statusReportsWhatTheSharedStoreCounted() async throws {
        let clock = ManualClock(milliseconds: TenantRateLimitsTests.start)
        let limits = TenantRateLimits(policy: TenantRateLimitsTests.policy(), store: try await GatewayHarness.limitStore(), now: clock.now)
        try await GatewayHarness.with(replicas: [limits]) { harness in
            for _ in 0..<3 { #expect(try await harness.call("GET", "/api/v1/vat-rates").status == 200) }
            let status = try await harness.call("GET", "/api/v1/rate-limit/status")
            #expect(status.status == 200)
            // The status request counts as a read (it reads the store); leased but unspent requests do not.
            #expect(status.headers["x-ratelimit-remaining"] == "96")
            let data = try #require(status.data)
            #expect(data["tenant"]?["plan"] == .string("starter"))
            #expect(data["tenant"]?["limits"]?["requestsPerHour"] == .number("100000"))
            #expect(data["tenant"]?["limits"]?["aiRequestsPerDay"] == .number("1000"))
            #expect(data["current"]?["hourly"]?["used"] == .number("4"))
            #expect(data["current"]?["hourly"]?["remaining"] == .number("99996"))
            #expect(data["current"]?["hourly"]?["resetsAt"] == .string("2027-01-15T09:00:00.000Z"))
            #expect(data["current"]?["daily"]?["resetsAt"] == .string("2027-01-16T00:00:00.000Z"))
            #expect(data["current"]?["ai"]?["used"] == .number("0"))
            #expect(data["current"]?["ai"]?["remaining"] == .number("1000"))
            let byEndpoint = try #require(data["byEndpoint"]?.arrayValue)
            #expect(byEndpoint.map { $0["endpoint"]?.stringValue } == ["read", "write", "export"])
            #expect(byEndpoint[0]["used"] == .number("4") && byEndpoint[0]["limit"] == .number("100") && byEndpoint[0]["remaining"] == .number("96"))
            #expect(byEndpoint[1]["used"] == .number("0") && byEndpoint[1]["remaining"] == .number("30"))

            // Another tenant sees only its own use.
            let other = try await harness.call("GET", "/api/v1/rate-limit/status", token: .some(harness.token(tenant: UUID().uuidString.lowercased())))
            #expect(other.data?["current"]?["hourly"]?["used"] == .number("1"))
            // Authenticated callers only.
            #expect(try await harness.call("GET", "/api/v1/rate-limit/status", token: .some(nil)).status == 401)
        }
    }

    @Test func theTokensPlanClaimSizesThePlanLimits() async throws {
        try await GatewayHarness.with { harness in
            let enterprise = try await harness.call("GET", "/api/v1/vat-rates", token: .some(harness.token(plan: "enterprise")))
            #expect(enterprise.headers["ratelimit-policy"]?.contains(#""plan-hour";q=10000;w=3600"#) == true)
            let status = try await harness.call("GET", "/api/v1/rate-limit/status", token: .some(harness.token(plan: "enterprise")))
            #expect(status.data?["tenant"]?["plan"] == .string("enterprise"))
            #expect(status.data?["tenant"]?["limits"]?["requestsPerDay"] == .number("100000"))
            // An unknown plan is the default plan, never no limit.
            let typo = try await harness.call("GET", "/api/v1/vat-rates", token: .some(harness.token(plan: "unlimited")))
            #expect(typo.headers["ratelimit-policy"]?.contains(#""plan-hour";q=500;w=3600"#) == true)
        }
    }

    @Test func anApiKeysOwnLimit_countsThatKeyOnly() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                         token: .some(nil))
            let admin = try #require(login.data?["accessToken"]?.stringValue)
            let limited = try #require(try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"slow","scopes":["products:read"],"rateLimit":3}"#,
                                                        token: admin).data?["key"]?.stringValue)
            let unlimited = try #require(try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"fast","scopes":["products:read"]}"#,
                                                          token: admin).data?["key"]?.stringValue)
            let status = try await h.call("GET", "/api/v1/rate-limit/status", token: .some(nil), headers: [("X-API-Key", limited)])
            #expect(status.status == 200)
            // Identity's token carries the tenant's plan, and so does the verified key.
            #expect(status.data?["tenant"]?["plan"] == .string("starter"))
            let own = status.data?["byEndpoint"]?.arrayValue?.first { $0["endpoint"] == .string("api-key") }
            #expect(own?["limit"] == .number("3") && own?["used"] == .number("1") && own?["remaining"] == .number("2"))
            for _ in 0..<2 {
                #expect(try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", limited)]).status == 200)
            }
            let refused = try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", limited)])
            #expect(refused.status == 429)
            #expect(refused.errorCode == "RATE_LIMIT_EXCEEDED")
            #expect(refused.headers["ratelimit"]?.hasPrefix(#""api-key";r=0;"#) == true)
            #expect(refused.json?["error"]?["details"]?["limit"]?.numberText == "3")
            // The tenant's other key and its users are not held back by this key's limit.
            #expect(try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", unlimited)]).status == 200)
            #expect(try await h.call("GET", "/api/v1/products", token: admin).status == 200)
        }
    }

    /// 003 §16.2's special endpoints apply to their routes as they appear (none is served
    /// yet): e-Factura's 100 a day, counted on top of the write category.
    @Test func aSpecialEndpointsLimit_countsOnTopOfItsCategory() {
        let clock = ManualClock(milliseconds: TenantRateLimitsTests.start)
        let policy = RateLimitPolicy.seed()
        let limits = TenantRateLimits(policy: policy, store: nil, now: clock.now)
        let submit = policy.attachingEndpointLimits(to: [Route("POST", "/api/v1/fiscal/efactura/submit", .init(service: "s", method: "m", idempotent: false),
                                                               request: "", response: "", scopes: [], rate: .write, summary: "", tag: "")])[0]
        let caller = Caller(tenantID: UUID().uuidString.lowercased(), userID: "u", permissions: [], plan: "enterprise")
        var admitted = 0
        var last: TenantRateLimits.Verdict?
        for _ in 0..<101 {
            // Two minutes apart: the write category (30 a minute) never refuses.
            clock.advance(milliseconds: 120_000)
            last = limits.check(caller, route: submit)
            if case .admit = last { admitted += 1 }
        }
        #expect(admitted == 100)
        guard case .refuse(let error) = last else { Issue.record("the 101st submission of the day was admitted"); return }
        #expect(error.status == 429)
        #expect(error.headers.first { $0.name == "RateLimit" }?.value.hasPrefix(#""efactura-submit";r=0;"#) == true)
    }
}
