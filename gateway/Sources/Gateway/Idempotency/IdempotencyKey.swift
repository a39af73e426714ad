import GatewayHTTP

/// An `Idempotency-Key` in its scope: the tenant, the caller (a user or an API key) and the
/// client's key. Two callers may choose the same key without meeting (Stripe's semantics,
/// gateway/README.md §Idempotency keys).
public struct IdempotencyKey: Sendable, Hashable {
    public var tenant: String
    /// `user:<id>` or `api-key:<id>`: the prefix keeps a user and a key with equal ids apart.
    public var caller: String
    public var key: String

    public init(tenant: String, caller: String, key: String) {
        self.tenant = tenant
        self.caller = caller
        self.key = key
    }

    /// The request header, as Stripe spells it.
    public static let header = "Idempotency-Key"

    /// The key a request names, when its route takes one: an authenticated POST. Nil when
    /// the header is absent or the route ignores it (public routes, other methods).
    /// Throws 400 `VAL_INVALID_FORMAT` for a key that is not 1–255 printable ASCII
    /// characters, or for the header sent twice.
    static func of(_ request: HTTPRequest, route: Route, caller: Caller?) throws(APIError) -> IdempotencyKey? {
        guard route.authentication == .token, route.method == "POST", let caller else { return nil }
        let values = request.headers.values(for: header)
        guard let key = values.first else { return nil }
        guard values.count == 1, (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw APIError(400, "VAL_INVALID_FORMAT", "Idempotency-Key must be one value of 1 to 255 printable ASCII characters",
                           field: header)
        }
        let principal = caller.apiKeyID.isEmpty ? "user:" + caller.userID : "api-key:" + caller.apiKeyID
        return IdempotencyKey(tenant: caller.tenantID, caller: principal, key: key)
    }
}
