/// Names one RPC method, and what the client may assume about it.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// Fully qualified service name, e.g. `cerniq.testing.v1.TestService`.
    public let service: String
    /// Method name, e.g. `Echo`.
    public let method: String
    /// True when repeating the call cannot change the outcome (`idempotency_level` in the proto),
    /// the only methods a client retries.
    public let idempotent: Bool
    /// The name on the wire: `cerniq.testing.v1.TestService/Echo` (stored: it is on every call's path).
    public let path: String

    public init(service: String, method: String, idempotent: Bool = false) {
        self.service = service
        self.method = method
        self.idempotent = idempotent
        path = "\(service)/\(method)"
    }
    public var description: String { path }

    /// Parses `service/method`.
    public init?(path: String, idempotent: Bool = false) {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let service = String(path[..<slash]), method = String(path[path.index(after: slash)...])
        guard !service.isEmpty, !method.isEmpty else { return nil }
        self.init(service: service, method: method, idempotent: idempotent)
    }
}
