/// Where gateway replicas share idempotency keys (DESIGN D7: the gateway's own schema).
///
/// Contract: `claim` is atomic in the store, so of concurrent claims of one key exactly one
/// gets `.claimed`. A claim holds the key until `lockedUntil`; after that (its replica died)
/// a claim of the same request may take it over. A key past its `expiresAt` is absent. The
/// claimer ends its claim with `complete` or `release`, naming the claim by its
/// `lockedUntil`, which no other claim of the key can share (a takeover comes later), so a
/// replica whose claim was taken over changes nothing. Every method throws when the store
/// cannot be reached.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for the request with `fingerprint` at `time` (Unix ms), or says why not.
    func claim(_ key: IdempotencyKey, fingerprint: [UInt8], lockedUntil: Int64, expiresAt: Int64, at time: Int64) async throws -> IdempotencyClaim
    /// Keeps the answer of the claim made with `lockedUntil`; false when that claim was taken over.
    @discardableResult
    func complete(_ key: IdempotencyKey, lockedUntil: Int64, response: StoredResponse) async throws -> Bool
    /// Forgets the claim made with `lockedUntil`, so a retry runs afresh.
    func release(_ key: IdempotencyKey, lockedUntil: Int64) async throws
    /// Forgets keys expired at `time`.
    func purge(at time: Int64) async throws
}

/// What a claim found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// The key is the caller's: run the request, then `complete` or `release`.
    case claimed
    /// Another attempt of the same request holds the key and has not answered yet.
    case running
    /// The same request was answered: replay this.
    case completed(StoredResponse)
    /// The key was used with another request (another fingerprint).
    case differentRequest
}
