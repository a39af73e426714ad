import GatewayAPI

/// Routes the gateway answers itself (`cerniq.gateway.v1.GatewayService`, in process; no
/// upstream serves it). They bind, count and transcode like every other route.
enum GatewayRoutes {
    static let service = "cerniq.gateway.v1.GatewayService"
    private static func t(_ name: String) -> String { "cerniq.gateway.v1.\(name)" }

    static let all: [Route] = [
        // Counted as a read, unlike GitHub's /rate_limit: each call reads the shared store.
        Route("GET", "/api/v1/rate-limit/status", GatewayServiceMethods.getRateLimitStatus, request: t("GetRateLimitStatusRequest"),
              response: t("RateLimitStatus"), scopes: [], rate: .read,
              summary: "The caller's rate limits and what is left of them (003 §16.6)", tag: "Rate limits"),
    ]
}
