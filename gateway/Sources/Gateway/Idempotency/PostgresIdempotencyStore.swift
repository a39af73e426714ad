import Postgres
import RPCCore

/// `IdempotencyStore` in the gateway's schema (`gateway.idempotency_keys`, GatewaySchema
/// version 2). A claim is one upsert: PostgreSQL's unique key serializes concurrent replicas,
/// and only an expired key or a dead claim of the same request is taken over.
public struct PostgresIdempotencyStore: IdempotencyStore {
    let pool: PGPool
    /// Bounds every statement: a request waiting on its key waits on this.
    let timeout: Duration

    public init(pool: PGPool, timeout: Duration = .seconds(2)) {
        self.pool = pool
        self.timeout = timeout
    }

    public func claim(_ key: IdempotencyKey, fingerprint: [UInt8], lockedUntil: Int64, expiresAt: Int64, at time: Int64) async throws -> IdempotencyClaim {
        // A few rounds: the row read after a lost claim may expire or be purged in between.
        for _ in 0..<3 {
            let claimed = try await pool.query("""
                INSERT INTO gateway.idempotency_keys AS k (tenant_id, caller_id, key, fingerprint, state, locked_until, created_at, expires_at)
                VALUES (\(key.tenant), \(key.caller), \(key.key), \(fingerprint), 'running', \(lockedUntil), \(time), \(expiresAt))
                ON CONFLICT (tenant_id, caller_id, key) DO UPDATE SET
                    fingerprint = EXCLUDED.fingerprint, state = 'running', status = NULL, headers = NULL, body = NULL,
                    locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                WHERE k.expires_at <= EXCLUDED.created_at
                   OR (k.state = 'running' AND k.locked_until <= EXCLUDED.created_at AND k.fingerprint = EXCLUDED.fingerprint)
                RETURNING 1 AS claimed
                """, deadline: .after(timeout))
            if !claimed.isEmpty { return .claimed }
            // A statement of its own: its snapshot sees the row a concurrent claim committed.
            let rows = try await pool.query("""
                SELECT fingerprint, state, status, headers, body FROM gateway.idempotency_keys
                WHERE tenant_id = \(key.tenant) AND caller_id = \(key.caller) AND key = \(key.key) AND expires_at > \(time)
                """, deadline: .after(timeout))
            guard let row = rows.first else { continue }
            guard try row.decode([UInt8].self, column: "fingerprint") == fingerprint else { return .differentRequest }
            guard try row.decode(String.self, column: "state") == "completed" else { return .running }
            return .completed(StoredResponse(status: try row.decode(Int.self, column: "status"),
                                             headers: StoredResponse.headers(lines: try row.decode(String.self, column: "headers")),
                                             body: try row.decode([UInt8]?.self, column: "body")))
        }
        return .running
    }

    public func complete(_ key: IdempotencyKey, lockedUntil: Int64, response: StoredResponse) async throws -> Bool {
        let rows = try await pool.query("""
            UPDATE gateway.idempotency_keys SET state = 'completed', status = \(response.status), headers = \(response.headerLines), body = \(response.body)
            WHERE tenant_id = \(key.tenant) AND caller_id = \(key.caller) AND key = \(key.key) AND state = 'running' AND locked_until = \(lockedUntil)
            """, deadline: .after(timeout))
        return rows.affectedRows == 1
    }

    public func release(_ key: IdempotencyKey, lockedUntil: Int64) async throws {
        try await pool.query("""
            DELETE FROM gateway.idempotency_keys
            WHERE tenant_id = \(key.tenant) AND caller_id = \(key.caller) AND key = \(key.key) AND state = 'running' AND locked_until = \(lockedUntil)
            """, deadline: .after(timeout))
    }

    public func purge(at time: Int64) async throws {
        try await pool.query("DELETE FROM gateway.idempotency_keys WHERE expires_at <= \(time)", deadline: .after(timeout))
    }
}
