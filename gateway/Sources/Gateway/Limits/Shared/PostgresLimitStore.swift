import Postgres
import RPCCore

/// `LimitStore` in the gateway's schema: one statement per lease or return, each an upsert
/// that locks one row, so concurrent replicas are serialized by PostgreSQL itself.
public struct PostgresLimitStore: LimitStore {
    let pool: PGPool
    /// Bounds every statement: a limiter that waits long on its database slows every request.
    let timeout: Duration

    public init(pool: PGPool, timeout: Duration = .milliseconds(500)) {
        self.pool = pool
        self.timeout = timeout
    }

    public func leaseWindow(tenant: String, limit: RateLimit, windowStart: Int64, at time: Int64, want: Int) async throws -> WindowLease {
        let window = limit.windowSeconds * 1000
        let rest = max(0, window - (time - windowStart))
        // The allowance is SlidingWindow.allowance in SQL: ceiling − ceil(previous × rest / window),
        // where ceiling = least(burst, limit + greatest(0, limit − previous)) (SlidingWindow.ceiling).
        // EXCLUDED.previous is the previous window's count read by the INSERT's SELECT.
        let rows = try await pool.query("""
            WITH prior AS (
                SELECT coalesce((SELECT used FROM gateway.rate_windows
                                 WHERE tenant_id = \(tenant) AND limit_name = \(limit.key) AND window_start = \(windowStart - window)), 0) AS used
            ), allowance AS (
                SELECT prior.used,
                       greatest(0, least(\(limit.burst)::bigint, \(limit.limit)::bigint + greatest(0, \(limit.limit)::bigint - prior.used))
                                   - (prior.used * \(rest)::bigint + \(window)::bigint - 1) / \(window)::bigint) AS n
                FROM prior
            )
            INSERT INTO gateway.rate_windows AS w (tenant_id, limit_name, window_start, used, granted, previous, expires_at)
            SELECT \(tenant), \(limit.key), \(windowStart), least(\(want)::bigint, n), least(\(want)::bigint, n), used, \(windowStart + 2 * window)
            FROM allowance
            ON CONFLICT (tenant_id, limit_name, window_start) DO UPDATE SET
                granted = least(\(want)::bigint, greatest(0, (SELECT n FROM allowance) - w.used)),
                used = w.used + least(\(want)::bigint, greatest(0, (SELECT n FROM allowance) - w.used)),
                previous = EXCLUDED.previous
            RETURNING granted, used, previous
            """, deadline: .after(timeout))
        let row = rows[0]
        return WindowLease(granted: Int(try row.decode(Int64.self, column: "granted")), used: Int(try row.decode(Int64.self, column: "used")),
                           previous: Int(try row.decode(Int64.self, column: "previous")))
    }

    public func returnWindow(tenant: String, limit: RateLimit, windowStart: Int64, count: Int) async throws {
        try await pool.query("""
            UPDATE gateway.rate_windows SET used = greatest(0, used - \(count)::bigint)
            WHERE tenant_id = \(tenant) AND limit_name = \(limit.key) AND window_start = \(windowStart)
            """, deadline: .after(timeout))
    }

    public func leaseBucket(tenant: String, limit: RateLimit, at time: Int64, want: Int) async throws -> BucketLease {
        let window = limit.windowSeconds * 1000
        let full = Int64(limit.burst) * window
        // TokenBucket.refilled in SQL; a clock behind the row's adds nothing and never moves it back.
        let expires = time + 2 * window * Int64((limit.burst + limit.limit - 1) / limit.limit)
        let rows = try await pool.query("""
            INSERT INTO gateway.rate_buckets AS b (tenant_id, limit_name, units, updated_at, granted, expires_at)
            VALUES (\(tenant), \(limit.key), \(full) - least(\(want)::bigint, \(Int64(limit.burst))) * \(window)::bigint, \(time),
                    least(\(want)::bigint, \(Int64(limit.burst))), \(expires))
            ON CONFLICT (tenant_id, limit_name) DO UPDATE SET
                granted = least(\(want)::bigint,
                    least(\(full)::bigint, b.units + greatest(0, \(time)::bigint - b.updated_at) * \(Int64(limit.limit))::bigint) / \(window)::bigint),
                units = least(\(full)::bigint, b.units + greatest(0, \(time)::bigint - b.updated_at) * \(Int64(limit.limit))::bigint)
                    - \(window)::bigint * least(\(want)::bigint,
                        least(\(full)::bigint, b.units + greatest(0, \(time)::bigint - b.updated_at) * \(Int64(limit.limit))::bigint) / \(window)::bigint),
                updated_at = greatest(b.updated_at, \(time)::bigint),
                expires_at = greatest(b.expires_at, EXCLUDED.expires_at)
            RETURNING granted, units, updated_at
            """, deadline: .after(timeout))
        let row = rows[0]
        return BucketLease(granted: Int(try row.decode(Int64.self, column: "granted")), units: try row.decode(Int64.self, column: "units"),
                           time: try row.decode(Int64.self, column: "updated_at"))
    }

    public func returnBucket(tenant: String, limit: RateLimit, count: Int) async throws {
        let window = limit.windowSeconds * 1000
        try await pool.query("""
            UPDATE gateway.rate_buckets SET units = least(\(Int64(limit.burst) * window)::bigint, units + \(Int64(count) * window)::bigint)
            WHERE tenant_id = \(tenant) AND limit_name = \(limit.key)
            """, deadline: .after(timeout))
    }

    public func usage(tenant: String, limits: [RateLimit], at time: Int64) async throws -> [String: StoredUsage] {
        var found: [String: StoredUsage] = [:]
        let windows = limits.filter { $0.algorithm == .slidingWindow }, buckets = limits.filter { $0.algorithm == .tokenBucket }
        if !windows.isEmpty {
            // Each limit's current and previous aligned windows; other rows are past or purged soon.
            var starts: [String: (current: Int64, previous: Int64)] = [:]
            for limit in windows {
                let length = limit.windowSeconds * 1000, start = Window.start(of: time, length: length)
                starts[limit.key] = (start, start - length)
            }
            let rows = try await pool.query("""
                SELECT limit_name, window_start, used FROM gateway.rate_windows
                WHERE tenant_id = \(tenant) AND limit_name = ANY(\(windows.map(\.key)))
                """, deadline: .after(timeout))
            var counts: [String: (current: Int, previous: Int)] = [:]
            for row in rows {
                let name = try row.decode(String.self, column: "limit_name"), start = try row.decode(Int64.self, column: "window_start")
                let used = Int(try row.decode(Int64.self, column: "used"))
                guard let window = starts[name] else { continue }
                if start == window.current { counts[name, default: (0, 0)].current = used }
                if start == window.previous { counts[name, default: (0, 0)].previous = used }
            }
            for (name, count) in counts { found[name] = .window(current: count.current, previous: count.previous) }
        }
        if !buckets.isEmpty {
            let rows = try await pool.query("""
                SELECT limit_name, units, updated_at FROM gateway.rate_buckets
                WHERE tenant_id = \(tenant) AND limit_name = ANY(\(buckets.map(\.key)))
                """, deadline: .after(timeout))
            for row in rows {
                let name = try row.decode(String.self, column: "limit_name")
                guard let limit = buckets.first(where: { $0.key == name }) else { continue }
                let units = TokenBucket.refilled(try row.decode(Int64.self, column: "units"), from: try row.decode(Int64.self, column: "updated_at"),
                                                 to: time, capacity: limit.burst, refill: limit.limit, window: limit.windowSeconds * 1000)
                found[name] = .bucket(units: units)
            }
        }
        return found
    }

    public func purge(at time: Int64) async throws {
        try await pool.query("DELETE FROM gateway.rate_windows WHERE expires_at < \(time)", deadline: .after(timeout))
        try await pool.query("DELETE FROM gateway.rate_buckets WHERE expires_at < \(time)", deadline: .after(timeout))
    }
}
