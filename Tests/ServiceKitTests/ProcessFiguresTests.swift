import Foundation
import Postgres
import RuntimeAPI
import ServiceKit
import Testing

/// A service's health figures (003 §13.8): its pool's size and its job queue's counts by state.
struct ProcessFiguresTests {
    @Test func figuresCountTheQueuesJobsByState_andThePoolsSize() async throws {
        try await QueueDatabase.withQueue { queue in
            try await queue.pool.query("""
                INSERT INTO \(identifier: queue.schema).jobs (kind, status, run_at) VALUES
                    ('a', 'queued', now() - interval '1 second'), ('a', 'queued', now() + interval '1 hour'),
                    ('a', 'running', now()), ('a', 'done', now()), ('a', 'done', now()), ('a', 'dead', now())
                """)
            let figures = await ProcessFigures.of(pool: queue.pool, queues: [queue], version: "test", startedAt: Date().addingTimeInterval(-5))
            #expect(figures.database?.max == 12)
            #expect(figures.uptimeSeconds >= 5)
            #expect(figures.queues == [QueueFigures(name: queue.schema, waiting: 1, active: 1, completed: 2, failed: 1, delayed: 1)])
        }
    }
}
