/// Whom a request is counted for, in the requests in flight and in the upstreams' queues.
enum Party: Hashable, Sendable {
    /// An authenticated tenant: its own limit, its own share and its own turn.
    case tenant(String)
    /// Public routes, and API keys not verified yet: no tenant limit, one share and one turn
    /// together, so a flood of logins or unknown keys cannot crowd out the tenants either.
    case anonymous
}
