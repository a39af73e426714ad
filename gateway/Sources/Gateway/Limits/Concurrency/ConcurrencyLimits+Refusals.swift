extension ConcurrencyLimits {
    /// The answer to a request the counts refused; every one says `Retry-After: 1`, since a
    /// place frees as soon as any request in flight is answered.
    func refusal(_ verdict: InflightCounts.Verdict) -> APIError {
        let retry = (name: "Retry-After", value: "1")
        switch verdict {
        case .admit, .overTenantLimit:
            // 003 §16.3's body, with the draft's quota unit for concurrency
            // (draft-ietf-httpapi-ratelimit-headers, `qu="concurrent-requests"`).
            let limit = policy.perTenant
            return APIError(429, "RATE_LIMIT_EXCEEDED", "Too many concurrent requests: at most \(limit) in flight per tenant. Try again in 1 second.",
                            details: [.init("limit", .integer(limit)), .init("window", .string("concurrent requests")), .init("retryAfter", .integer(1))],
                            headers: [(name: "RateLimit-Policy", value: "\"concurrency\";q=\(limit);qu=\"concurrent-requests\""),
                                      (name: "RateLimit", value: "\"concurrency\";r=0;t=1"), retry])
        case .shed:
            return APIError(503, "SYS_SERVICE_UNAVAILABLE",
                            "The gateway is shedding load from callers holding more than their share of requests in flight; retry in 1 second",
                            headers: [retry])
        case .full:
            return APIError(503, "SYS_SERVICE_UNAVAILABLE", "The gateway is at its limit of requests in flight; retry in 1 second", headers: [retry])
        }
    }
}
