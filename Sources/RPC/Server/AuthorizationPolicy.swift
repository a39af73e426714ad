/// Which caller identities may call which methods, and which may act for an end user
/// (DESIGN D4). Identities are the SPIFFE ids from peer certificates
/// (`spiffe://cerniq.local/gateway`); a rule may name the component alone (`gateway`) or `*`.
/// Method rules are keyed by method path, `service/*`, or `*`; the most specific key decides.
public struct AuthorizationPolicy: Sendable {
    public var rules: [String: Set<String>]
    /// Callers whose calls may carry a `principal` (the end user the gateway authenticated).
    /// A call from anyone else that carries one is refused: only trusted hops speak for users.
    public var principalIssuers: Set<String>

    public init(rules: [String: Set<String>], principalIssuers: Set<String> = []) {
        self.rules = rules
        self.principalIssuers = principalIssuers
    }

    /// Any peer with a certificate from the trusted CA may call anything and act for users.
    public static let allowAuthenticated = AuthorizationPolicy(rules: ["*": ["*"]], principalIssuers: ["*"])

    public func allows(peer: String, method: MethodDescriptor) -> Bool {
        let allowed = rules[method.path] ?? rules["\(method.service)/*"] ?? rules["*"] ?? []
        return Self.matches(peer, allowed)
    }

    public func mayActForUsers(peer: String) -> Bool {
        Self.matches(peer, principalIssuers)
    }

    private static func matches(_ peer: String, _ allowed: Set<String>) -> Bool {
        if allowed.contains("*") || allowed.contains(peer) { return true }
        // A rule naming a component matches that component in any trust domain.
        guard let slash = peer.lastIndex(of: "/") else { return false }
        return allowed.contains(String(peer[peer.index(after: slash)...]))
    }
}
