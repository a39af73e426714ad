import ProtoJSON

/// The fields a tenant-limited answer carries: §16.1's `X-RateLimit-*` for the most
/// restrictive applicable limit, and the IETF draft's (draft-ietf-httpapi-ratelimit-headers)
/// `RateLimit-Policy` listing every applicable limit and `RateLimit` for the most restrictive.
enum RateLimitHeaders {
    typealias Field = (name: String, value: String)

    /// The most restrictive of `decisions`: the fewest remaining, then the smallest limit.
    static func mostRestrictive(_ decisions: [(limit: RateLimit, decision: RateDecision)]) -> Int {
        decisions.indices.min { a, b in
            (decisions[a].decision.remaining, decisions[a].decision.limit) < (decisions[b].decision.remaining, decisions[b].decision.limit)
        } ?? 0
    }

    static func fields(_ decisions: [(limit: RateLimit, decision: RateDecision)], chosen: Int, now: Int64) -> [Field] {
        let (limit, decision) = decisions[chosen]
        let policy = decisions.map { "\"\($0.limit.name)\";q=\($0.limit.headerLimit);w=\($0.limit.windowSeconds)" }.joined(separator: ", ")
        let resetIn = max(0, decision.resetAt - (now + 999) / 1000)
        return [
            (name: "X-RateLimit-Limit", value: String(decision.limit)),
            (name: "X-RateLimit-Remaining", value: String(decision.remaining)),
            (name: "X-RateLimit-Reset", value: String(decision.resetAt)),
            (name: "X-RateLimit-Window", value: String(decision.windowSeconds)),
            (name: "RateLimit-Policy", value: policy),
            (name: "RateLimit", value: "\"\(limit.name)\";r=\(decision.remaining);t=\(resetIn)"),
        ]
    }

    /// 003 §16.3's 429, with `Retry-After` and the fields above.
    static func tooManyRequests(_ decisions: [(limit: RateLimit, decision: RateDecision)], refused: Int, now: Int64) -> APIError {
        let decision = decisions[refused].decision
        var headers = fields(decisions, chosen: refused, now: now)
        headers.append((name: "Retry-After", value: String(decision.retryAfter)))
        return APIError(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded. Try again in \(decision.retryAfter) seconds.",
                        details: [.init("limit", .integer(decision.limit)), .init("window", .string(ClientLimits.spell(decision.windowSeconds))),
                                  .init("retryAfter", .integer(decision.retryAfter))],
                        headers: headers)
    }

    /// A fail-closed limit while the shared store is down (gateway/README.md §Rate limits).
    static func storeUnavailable(retryAfter: Int64) -> APIError {
        APIError(503, "SYS_SERVICE_UNAVAILABLE", "Rate limits for this operation cannot be checked right now; retry later",
                 headers: [(name: "Retry-After", value: String(max(1, retryAfter)))])
    }
}
