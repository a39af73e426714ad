import ProtoJSON

/// The route table's per-address limits (Route.clientLimit): one limiter per limit name,
/// the §16.1 headers on every answer of a limited route, and the §16.3 answer beyond it.
struct ClientLimits: Sendable {
    let limiters: [String: FixedWindowLimiter]

    init(routes: [Route], now: @escaping @Sendable () -> Int64) {
        var limiters: [String: FixedWindowLimiter] = [:]
        for route in routes {
            guard let limit = route.clientLimit, limiters[limit.name] == nil else { continue }
            limiters[limit.name] = FixedWindowLimiter(limit: limit.requests, windowSeconds: limit.window.components.seconds, now: now)
        }
        self.limiters = limiters
    }

    /// Counts the request against its route's limit: the headers its answer carries, or the
    /// 429 (`RATE_LIMIT_EXCEEDED` with limit, window and retryAfter, 003 §16.3).
    func check(_ route: Route, clientAddress: String) throws(APIError) -> [(name: String, value: String)] {
        guard let limit = route.clientLimit, let limiter = limiters[limit.name] else { return [] }
        let decision = limiter.acquire(ClientAddress.host(of: clientAddress))
        var headers = [
            (name: "X-RateLimit-Limit", value: String(decision.limit)),
            (name: "X-RateLimit-Remaining", value: String(decision.remaining)),
            (name: "X-RateLimit-Reset", value: String(decision.resetAt)),
            (name: "X-RateLimit-Window", value: String(decision.windowSeconds)),
        ]
        guard !decision.allowed else { return headers }
        headers.append((name: "Retry-After", value: String(decision.retryAfter)))
        throw APIError(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded. Try again in \(decision.retryAfter) seconds.",
                       details: [.init("limit", .integer(decision.limit)), .init("window", .string(Self.spell(decision.windowSeconds))),
                                 .init("retryAfter", .integer(decision.retryAfter))],
                       headers: headers)
    }

    /// The seed's wording of a window: "1 minute", "2 minutes", "90 seconds".
    static func spell(_ seconds: Int64) -> String {
        if seconds % 3600 == 0 { return seconds == 3600 ? "1 hour" : "\(seconds / 3600) hours" }
        if seconds % 60 == 0 { return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes" }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }
}

/// The client's address as the server saw the connection.
enum ClientAddress {
    /// `203.0.113.7:51234` → `203.0.113.7`, `[2001:db8::1]:443` → `2001:db8::1`. The TCP
    /// peer only: no `X-Forwarded-For` is trusted until a proxy in front is configured.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        // One colon: IPv4 with its port. More: a bare IPv6 address without a port.
        guard let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon else { return address }
        return String(address[..<colon])
    }
}
