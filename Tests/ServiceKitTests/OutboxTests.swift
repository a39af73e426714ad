import Foundation
import Postgres
import Testing
@testable import ServiceKit

/// The outbox: events exist iff their transaction committed, and reach the relay at least
/// once, in order, retried when the relay fails.
struct OutboxTests {
    @Test func committedEventsReachTheRelayInOrder_rolledBackOnesNever() async throws {
        try await QueueDatabase.withQueue { queue in
            let outbox = Outbox(pool: queue.pool, schema: queue.schema)
            let relayed = Recorder<OutboxEvent>()
            let worker = JobWorker(queue: queue, handlers: [:], relay: { events in events.forEach(relayed.append) },
                                   configuration: JobQueueTests.fast, log: quiet)
            let tenant = UUID().uuidString.lowercased()
            try await withRunning([worker]) {
                try await queue.pool.withTransaction(tenant: tenant) { tx in
                    for number in 1...3 { try await outbox.append(tx, topic: "stock.adjusted", payload: Numbered(number: number)) }
                }
                await #expect(throws: JobTestFailure.self) {
                    try await queue.pool.withTransaction(tenant: tenant) { tx in
                        try await outbox.append(tx, topic: "stock.adjusted", payload: Numbered(number: 99))
                        throw JobTestFailure(message: "rolled back")
                    }
                }
                try await eventually("three events relayed") { relayed.count == 3 }
                try await Task.sleep(for: .milliseconds(300))
            }
            let numbers = try relayed.all.map { try JSONDecoder().decode(Numbered.self, from: Data($0.payload.utf8)).number }
            #expect(numbers == [1, 2, 3])
            #expect(relayed.all.allSatisfy { $0.tenant == tenant && $0.topic == "stock.adjusted" })
        }
    }

    @Test func aFailingRelay_getsTheBatchAgain() async throws {
        try await QueueDatabase.withQueue { queue in
            let outbox = Outbox(pool: queue.pool, schema: queue.schema)
            let calls = Shared(0)
            let delivered = Recorder<Int64>()
            let worker = JobWorker(queue: queue, handlers: [:], relay: { events in
                if calls.update({ $0 += 1 }) == 1 { throw JobTestFailure(message: "webhook down") }
                events.map(\.id).forEach(delivered.append)
            }, configuration: JobQueueTests.fast, log: quiet)
            try await withRunning([worker]) {
                let id = try await queue.pool.withTransaction { tx in try await outbox.append(tx, topic: "t", payload: Empty()) }
                try await eventually("the event is delivered") { delivered.all == [id] }
            }
            let row = try await queue.pool.query("SELECT attempts, published_at IS NOT NULL AS published FROM \(identifier: queue.schema).outbox")
            #expect(try row[0].decode(Int.self, column: "attempts") == 1)
            #expect(try row[0].decode(Bool.self, column: "published"))
        }
    }
}
