import Synchronization

/// `IdempotencyStore` in this process, for a gateway without a database: the same rules, but
/// replicas do not share keys. Bounded: beyond `capacity` keys or `byteBudget` bytes of kept
/// bodies, the answered keys that expire first are forgotten early (a retry of those acts again).
public final class InMemoryIdempotencyStore: IdempotencyStore {
    struct Record {
        var fingerprint: [UInt8]
        var lockedUntil: Int64
        var expiresAt: Int64
        var response: StoredResponse?
    }

    struct State {
        var records: [IdempotencyKey: Record] = [:]
        var bytes = 0
    }

    let capacity: Int
    let byteBudget: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000, byteBudget: Int = 64 << 20) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    public func claim(_ key: IdempotencyKey, fingerprint: [UInt8], lockedUntil: Int64, expiresAt: Int64, at time: Int64) async throws -> IdempotencyClaim {
        state.withLock { state in
            if let record = state.records[key], record.expiresAt > time {
                guard record.fingerprint == fingerprint else { return .differentRequest }
                if let response = record.response { return .completed(response) }
                if record.lockedUntil > time { return .running }
            }
            Self.remove(key, from: &state)
            state.records[key] = Record(fingerprint: fingerprint, lockedUntil: lockedUntil, expiresAt: expiresAt)
            evict(&state, at: time)
            return .claimed
        }
    }

    public func complete(_ key: IdempotencyKey, lockedUntil: Int64, response: StoredResponse) async throws -> Bool {
        state.withLock { state in
            guard var record = state.records[key], record.response == nil, record.lockedUntil == lockedUntil else { return false }
            record.response = response
            state.records[key] = record
            state.bytes += response.body?.count ?? 0
            return true
        }
    }

    public func release(_ key: IdempotencyKey, lockedUntil: Int64) async throws {
        state.withLock { state in
            guard let record = state.records[key], record.response == nil, record.lockedUntil == lockedUntil else { return }
            state.records[key] = nil
        }
    }

    public func purge(at time: Int64) async throws {
        state.withLock { state in
            for (key, record) in state.records where record.expiresAt <= time { Self.remove(key, from: &state) }
        }
    }

    /// Keys held (running or answered), for tests.
    public var count: Int { state.withLock { $0.records.count } }

    private static func remove(_ key: IdempotencyKey, from state: inout State) {
        guard let record = state.records.removeValue(forKey: key) else { return }
        state.bytes -= record.response?.body?.count ?? 0
    }

    /// Forgets expired keys, then answered ones that expire first, until within both bounds.
    /// Running keys are never forgotten early: their requests are in progress.
    private func evict(_ state: inout State, at time: Int64) {
        guard state.records.count > capacity || state.bytes > byteBudget else { return }
        for (key, record) in state.records where record.expiresAt <= time { Self.remove(key, from: &state) }
        let answered = state.records.filter { $0.value.response != nil }.sorted { $0.value.expiresAt < $1.value.expiresAt }
        for (key, _) in answered {
            guard state.records.count > capacity || state.bytes > byteBudget else { return }
            Self.remove(key, from: &state)
        }
    }
}
