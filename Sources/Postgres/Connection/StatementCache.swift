/// The prepared statements of one connection, keyed by SQL text and parameter types, with
/// least-recently-used eviction so a service that builds many distinct statements keeps a
/// bounded set on the server. Pure bookkeeping: the connection prepares and deallocates.
struct StatementCache {
    struct Key: Hashable {
        var sql: String
        var types: [UInt32]
    }

    private struct Entry {
        var name: String
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { entries.count }

    /// The statement's server-side name, marking it recently used.
    mutating func lookup(_ key: Key) -> String? {
        guard var entry = entries[key] else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[key] = entry
        return entry.name
    }

    /// A name no statement of this connection has used.
    mutating func makeName() -> String {
        nextNumber += 1
        return "cerniq_\(nextNumber)"
    }

    /// Records a statement prepared as `name`; returns the name of the statement evicted to
    /// make room, which the caller deallocates on the server.
    mutating func insert(_ key: Key, name: String) -> String? {
        var evicted: String?
        if entries[key] == nil, entries.count >= capacity,
           let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            evicted = oldest.value.name
            entries[oldest.key] = nil
        }
        clock += 1
        entries[key] = Entry(name: name, lastUse: clock)
        return evicted
    }

    /// Forgets a statement (the server no longer has it, or its plan is stale); returns its name.
    @discardableResult
    mutating func remove(_ key: Key) -> String? {
        entries.removeValue(forKey: key)?.name
    }
}
