import Synchronization

/// A `TokenVerifier` that remembers tokens it has verified, since every request of a client
/// carries the same token and an Ed25519 check costs tens of microseconds.
///
/// The cache key is the token's full bytes, compared in full by the dictionary on every
/// lookup: a hash collision can only cost a miss, never return another token's claims. Bytes
/// rather than `String`, because `String` equality is Unicode canonical equivalence
/// (U+212A KELVIN SIGN equals "K"), and two different byte strings must not share an entry.
/// A hit is still checked against `now` (expiry, `nbf`, `iat`); refusals are never cached.
/// Entries leave when found expired, or when the cache is full (expired ones first, then
/// arbitrary ones), so memory stays bounded by `capacity` tokens of at most 8 KiB.
///
/// Revocation (D7) is the caller's check by `jti` after this returns, so it applies to hits too.
public final class CachingTokenVerifier: Sendable {
    /// The verifier consulted on a miss.
    public let verifier: TokenVerifier
    /// The most tokens remembered at once.
    public let capacity: Int
    private let entries: Mutex<[[UInt8]: AccessTokenClaims]>

    public init(verifier: TokenVerifier, capacity: Int = 10_000) {
        precondition(capacity > 0, "a cache holds at least one token")
        self.verifier = verifier
        self.capacity = capacity
        self.entries = Mutex([:])
    }

    /// The same contract as `TokenVerifier.verify(authorizationHeader:now:)`.
    public func verify(authorizationHeader: String?, now: Int64) throws(AuthFailure) -> AccessTokenClaims {
        try TokenVerifier.withToken(in: authorizationHeader) { (token) throws(AuthFailure) in
            // Refused before hashing: no header this long was ever cached.
            guard token.count <= TokenVerifier.maxTokenLength else { throw .tokenInvalid }
            let key = Array(token)
            if let cached = entries.withLock({ $0[key] }) {
                do throws(AuthFailure) {
                    try TokenVerifier.checkTimes(cached, now: now, skew: verifier.clockSkewSeconds)
                    return cached
                } catch {
                    _ = entries.withLock { $0.removeValue(forKey: key) }
                    throw error
                }
            }
            let claims = try verifier.verifySignatureAndClaims(token)
            try TokenVerifier.checkTimes(claims, now: now, skew: verifier.clockSkewSeconds)
            insert(key, claims, now: now)
            return claims
        }
    }

    /// How many tokens are remembered now.
    public var count: Int { entries.withLock { $0.count } }

    private func insert(_ key: [UInt8], _ claims: AccessTokenClaims, now: Int64) {
        let skew = verifier.clockSkewSeconds
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                // Sweep the expired first; if that frees little, drop arbitrary entries down to
                // 7/8 full, so a cache full of live tokens does not sweep on every insert.
                let earliest = now.subtractingReportingOverflow(skew).overflow ? Int64.min : now - skew
                entries = entries.filter { $0.value.exp > earliest }
                let target = capacity - max(1, capacity / 8)
                if entries.count > target {
                    entries = Dictionary(uniqueKeysWithValues: entries.dropFirst(entries.count - target).map { ($0.key, $0.value) })
                }
            }
            entries[key] = claims
        }
    }
}
