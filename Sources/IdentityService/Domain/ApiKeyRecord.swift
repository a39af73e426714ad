import Foundation

/// An API key as Identity keeps it (003 §2.2): everything but the key's text, which is
/// known only by its SHA-256.
struct ApiKeyRecord: Sendable {
    var id: UUID
    var tenantID: UUID
    var name: String
    /// `sk_live_` or `sk_test_`.
    var prefix: String
    var scopes: [String]
    /// Requests per minute.
    var rateLimit: Int
    var expiresAt: Date?
    var lastUsedAt: Date?
    var createdAt: Date
    var revokedAt: Date?

    /// Whether a request presenting this key at `now` may act with it.
    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

/// The rules of a new key (003 §2.2, §2.5); the bounds are ours, the seed gives none.
enum ApiKeyRules {
    static let prefixes = ["live": "sk_live_", "test": "sk_test_"]
    static let maximumNameLength = 100
    /// Requests per minute when the request asks for 0 ("the plan's default": plans do not
    /// set one yet).
    static let defaultRateLimit = 60
    static let maximumRateLimit = 10_000
    /// How long the gateway may trust a verification: a revoked key stops working this soon.
    static let cacheLifetime: TimeInterval = 5
    /// A presented key longer than this is not one of ours, and is refused without a lookup.
    static let maximumKeyLength = 200

    /// What a list shows in place of the key: its prefix and last four characters.
    static func hint(for key: String, prefix: String) -> String {
        prefix + "…" + String(key.suffix(4))
    }
}
