import Synchronization

/// Access-token ids (`jti`) and session ids (`sid`) revoked before their tokens expire, as
/// Identity publishes them (ListRevocations). `TokenAuthenticator` consults it after each
/// verification, cached or not; `RevocationFollower` fills it and forgets entries after
/// their `until`, when every token they could name has expired anyway.
public final class RevocationList: Sendable {
    /// id → Unix seconds after which the entry can be forgotten.
    private let entries = Mutex<[String: Int64]>([:])
    /// Read without the lock on every request: with nothing revoked there is nothing to look up.
    private let size = Atomic<Int>(0)

    public init() {}

    /// Revokes `id` until `until` (Unix seconds); a later `until` for the same id wins.
    public func add(_ id: String, until: Int64) {
        guard !id.isEmpty else { return }
        entries.withLock { entries in
            entries[id] = max(entries[id] ?? .min, until)
            size.store(entries.count, ordering: .relaxed)
        }
    }

    /// Whether `id` is revoked.
    public func contains(_ id: String) -> Bool {
        guard !id.isEmpty, size.load(ordering: .relaxed) > 0 else { return false }
        return entries.withLock { $0[id] != nil }
    }

    /// Drops the entries whose `until` is before `now` (Unix seconds); returns how many.
    @discardableResult
    public func forget(before now: Int64) -> Int {
        entries.withLock { entries in
            let before = entries.count
            entries = entries.filter { $0.value >= now }
            size.store(entries.count, ordering: .relaxed)
            return before - entries.count
        }
    }

    /// Entries held.
    public var count: Int { size.load(ordering: .relaxed) }
}
