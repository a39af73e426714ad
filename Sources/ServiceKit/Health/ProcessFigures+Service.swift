import Foundation
import Postgres
import RPCCore
import RuntimeAPI

extension ProcessFigures {
    /// What a service process reports in its health check for the platform's system health
    /// (003 §13.8): its pool's connections and its job queue's counts. A queue that cannot be
    /// read is left out rather than failing the health check.
    public static func of(pool: PGPool, queues: [JobQueue], version: String, startedAt: Date) async -> ProcessFigures {
        let statistics = pool.statistics
        var figures = ProcessFigures(
            uptimeSeconds: UInt64(max(0, Date().timeIntervalSince(startedAt))), version: version,
            database: PoolFigures(active: UInt32(max(0, statistics.open - statistics.idle)), idle: UInt32(statistics.idle),
                                  max: UInt32(pool.configuration.maxConnections), waiting: UInt32(statistics.waiting)))
        for queue in queues {
            if let counts = try? await queue.figures() { figures.queues.append(counts) }
        }
        return figures
    }
}

extension JobQueue {
    /// The queue's jobs by state: waiting (due), active (running), completed, failed (dead),
    /// delayed (queued for later, retries included).
    public func figures() async throws -> QueueFigures {
        let rows = try await pool.query("""
            SELECT count(*) FILTER (WHERE status = 'queued' AND run_at <= now()) AS waiting,
                   count(*) FILTER (WHERE status = 'running') AS active,
                   count(*) FILTER (WHERE status = 'done') AS completed,
                   count(*) FILTER (WHERE status = 'dead') AS failed,
                   count(*) FILTER (WHERE status = 'queued' AND run_at > now()) AS delayed
            FROM \(identifier: schema).jobs
            """, deadline: Deadline.after(.seconds(2)))
        let row = rows[0]
        return QueueFigures(name: schema, waiting: UInt64(try row.decode(Int64.self, column: "waiting")),
                            active: UInt64(try row.decode(Int64.self, column: "active")),
                            completed: UInt64(try row.decode(Int64.self, column: "completed")),
                            failed: UInt64(try row.decode(Int64.self, column: "failed")),
                            delayed: UInt64(try row.decode(Int64.self, column: "delayed")))
    }
}
