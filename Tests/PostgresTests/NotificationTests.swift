import Foundation
import Postgres
import Testing

/// LISTEN/NOTIFY: a notify is delivered when its transaction commits and never when it
/// rolls back; the listener survives its connection being ended.
struct NotificationTests {
    @Test(.timeLimit(.minutes(1))) func notifyInCommittedTransaction_arrives_andInRolledBackOne_never() async throws {
        struct Abandon: Error {}
        try await withPool { pool in
            let channel = TestDatabase.uniqueName("channel")
            let stream = try await pool.notifications(channel: channel)
            await #expect(throws: Abandon.self) {
                try await pool.withTransaction { tx in
                    try await tx.notify(channel: channel, payload: "rolled back")
                    throw Abandon()
                }
            }
            try await pool.withTransaction { tx in
                try await tx.notify(channel: channel, payload: "committed")
            }
            // Notifications arrive in commit order: had the rolled-back one been sent, it
            // would come first.
            var iterator = stream.makeAsyncIterator()
            let first = await iterator.next()
            #expect(first == "committed")
        }
    }

    @Test(.timeLimit(.minutes(1))) func notifyIsDeliveredOnlyAtCommit_notWhenSent() async throws {
        try await withPool { pool in
            let channel = TestDatabase.uniqueName("channel")
            let stream = try await pool.notifications(channel: channel)
            let received = Task {
                var iterator = stream.makeAsyncIterator()
                return (await iterator.next(), ContinuousClock.now)
            }
            var committedAt = ContinuousClock.now
            try await pool.withTransaction { tx in
                try await tx.notify(channel: channel, payload: "later")
                try await Task.sleep(for: .milliseconds(300))
                committedAt = ContinuousClock.now
            }
            let (payload, at) = await received.value
            #expect(payload == "later")
            #expect(at >= committedAt)
        }
    }

    @Test(.timeLimit(.minutes(1))) func listener_reconnectsAndListensAgain_whenItsConnectionIsEnded() async throws {
        let name = TestDatabase.uniqueName("listener")
        try await withPool(applicationName: name) { pool in
            let channel = TestDatabase.uniqueName("channel")
            let stream = try await pool.notifications(channel: channel)
            #expect(try await terminateBackends(applicationName: name) == 1)
            // Notifications sent while it reconnects are lost, so keep sending until one lands.
            let sender = Task {
                for index in 0..<200 {
                    try await pool.query("SELECT pg_notify(\(channel), \("probe \(index)"))")
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            var iterator = stream.makeAsyncIterator()
            let payload = await iterator.next()
            sender.cancel()
            #expect(payload?.hasPrefix("probe") == true)
        }
    }

    @Test(.timeLimit(.minutes(1))) func droppingTheStream_stopsTheListenerAndItsConnection() async throws {
        let name = TestDatabase.uniqueName("listener")
        try await withPool(applicationName: name) { pool in
            do {
                let stream = try await pool.notifications(channel: TestDatabase.uniqueName("channel"))
                _ = stream
                #expect(try await backendCount(applicationName: name) == 1)
            }
            try await eventually { try await backendCount(applicationName: name) == 0 }
        }
    }

    @Test(.timeLimit(.minutes(1))) func closingThePool_finishesTheStream() async throws {
        let pool = PGPool(configuration: .init(url: try TestDatabase.url()))
        let stream = try await pool.notifications(channel: TestDatabase.uniqueName("channel"))
        pool.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }
}
