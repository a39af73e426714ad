import Foundation
import Postgres

/// Events a service publishes, written in the same transaction as the change they describe
/// (the transactional outbox, DESIGN D6), and handed to a relay (a closure: a webhook
/// dispatcher, another service's client) by `JobWorker`, at least once each, roughly in order.
///
/// ```swift
/// try await pool.withTransaction(tenant: tenant) { tx in
///     try await adjust(tx, product, by: 5)
///     try await outbox.append(tx, topic: "stock.adjusted", payload: StockAdjusted(productId: id))
/// }
/// let worker = JobWorker(queue: queue, handlers: [:], relay: { events in try await webhooks.send(events) })
/// ```
///
/// Like `jobs`, the table has no row-level security and carries `tenant_id` (see `JobQueue`).
public struct Outbox: Sendable {
    /// The pool the outbox's statements run on.
    public let pool: PGPool
    /// The schema holding `outbox` (the service's own).
    public let schema: String

    /// The outbox in `schema` (where `migrationSQL(schema:)` created it).
    public init(pool: PGPool, schema: String) {
        self.pool = pool
        self.schema = schema
    }

    /// The SQL that creates the outbox table in `schema`, for one of the service's migrations.
    public static func migrationSQL(schema: String) -> String {
        let table = PGQuery.quoteIdentifier(schema) + ".outbox"
        return """
            CREATE TABLE \(table) (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id uuid,
                topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
                payload jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now(),
                published_at timestamptz,
                attempts int NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                last_error text
            );
            CREATE INDEX outbox_pending ON \(table) (next_attempt_at, id) WHERE published_at IS NULL;
            """
    }

    /// Appends an event in `tx`, for the transaction's tenant; it exists only if `tx`
    /// commits, and the queue's workers (channel `<schema>_jobs`) are woken at commit.
    @discardableResult
    public func append<Payload: Codable & Sendable>(_ tx: PGTransaction, topic: String, payload: Payload) async throws -> Int64 {
        let rows = try await tx.query("""
            INSERT INTO \(identifier: schema).outbox (tenant_id, topic, payload)
            VALUES (\(tx.tenant)::uuid, \(topic), \(PGJSON(payload))::jsonb)
            RETURNING id
            """)
        try await tx.notify(channel: schema + "_jobs", payload: "outbox")
        return try rows[0].decode(Int64.self, column: "id")
    }

    /// Relays one batch of due events, oldest first, holding their rows locked (`FOR UPDATE
    /// SKIP LOCKED`, so two workers never relay the same event at once) until `relay`
    /// returns; then marks them published. When `relay` throws, the batch is tried again
    /// after `backoff`. Returns how many events were relayed.
    func drainBatch(limit: Int, backoff: JobBackoff, tenants: Set<String>? = nil, relay: OutboxRelay) async throws -> Int {
        var failed: (ids: [Int64], attempts: Int, error: String)?
        let relayed = try await pool.withTransaction { tx -> Int in
            let only = tenants.map { Array($0).compactMap(UUID.init(uuidString:)) }
            let events = try await tx.query("""
                SELECT id, tenant_id::text AS tenant, topic, payload::text AS payload, created_at, attempts
                FROM \(identifier: schema).outbox
                WHERE published_at IS NULL AND next_attempt_at <= now()
                  AND (\(only == nil) OR tenant_id = ANY(\(only ?? [])))
                ORDER BY id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """).map(OutboxEvent.init(row:))
            guard !events.isEmpty else { return 0 }
            do {
                try await relay(events)
            } catch {
                failed = (events.map(\.id), (events.map(\.attempts).max() ?? 0) + 1, String(reflecting: error))
                return 0
            }
            try await tx.query("UPDATE \(identifier: schema).outbox SET published_at = now() WHERE id = ANY(\(events.map(\.id)))")
            return events.count
        }
        if let failed {
            try await pool.query("""
                UPDATE \(identifier: schema).outbox
                SET attempts = attempts + 1, last_error = \(String(failed.error.prefix(2000))),
                    next_attempt_at = now() + \(backoff.delay(afterAttempts: failed.attempts).milliseconds) * interval '1 millisecond'
                WHERE id = ANY(\(failed.ids))
                """)
        }
        return relayed
    }

    /// Deletes events published before `age` ago; returns how many.
    @discardableResult
    func purgePublished(olderThan age: Duration) async throws -> Int {
        try await pool.query("""
            DELETE FROM \(identifier: schema).outbox
            WHERE published_at < now() - \(age.milliseconds) * interval '1 millisecond'
            """).affectedRows
    }
}

/// One event of the outbox, as the relay receives it.
public struct OutboxEvent: Sendable, Hashable {
    /// Its position in the outbox: later events have larger ids.
    public var id: Int64
    /// The tenant it belongs to; nil for a platform event.
    public var tenant: String?
    /// What happened, e.g. `stock.adjusted`.
    public var topic: String
    /// The event's body, as JSON text.
    public var payload: String
    /// When it was appended.
    public var createdAt: Date
    /// Failed relays of it so far.
    public var attempts: Int

    init(row: PGRow) throws {
        id = try row.decode(Int64.self, column: "id")
        tenant = try row.decode(String?.self, column: "tenant")
        topic = try row.decode(String.self, column: "topic")
        payload = try row.decode(String.self, column: "payload")
        createdAt = try row.decode(Date.self, column: "created_at")
        attempts = try row.decode(Int.self, column: "attempts")
    }
}

/// Delivers a batch of events; throwing leaves the whole batch to be relayed again. An
/// event may be delivered more than once, so receivers must deduplicate by `id`.
public typealias OutboxRelay = @Sendable ([OutboxEvent]) async throws -> Void
