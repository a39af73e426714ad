/// Which caller identities may call which methods (DESIGN D4). Identities are the
/// SPIFFE ids from peer certificates (`spiffe://cerniq.local/gateway`); a rule may name
/// the component alone (`gateway`). Rules are keyed by method path, `service/*`, or `*`;
/// the most specific key that exists decides.
public struct AuthorizationPolicy: Sendable {
    public var rules: [String: Set<String>]

    public init(rules: [String: Set<String>]) { self.rules = rules }

    /// Any peer with a certificate from the trusted CA may call anything.
    public static let allowAuthenticated = AuthorizationPolicy(rules: ["*": ["*"]])

    public func allows(peer: String, method: MethodDescriptor) -> Bool {
        let allowed = rules[method.path] ?? rules["\(method.service)/*"] ?? rules["*"] ?? []
        if allowed.contains("*") || allowed.contains(peer) { return true }
        // A rule naming a component matches any trust domain's id for it.
        guard let slash = peer.lastIndex(of: "/") else { return false }
        return allowed.contains(String(peer[peer.index(after: slash)...]))
    }
}
