import Foundation
import Postgres
import RPCCore
import Testing

/// The pool against a real server: its size bound, waiting bounded by deadlines, and
/// recovery when the server goes away and comes back.
struct PoolTests {
    @Test func concurrentQueries_neverUseMoreThanMaxConnections() async throws {
        let name = TestDatabase.uniqueName("pool")
        try await withPool(maxConnections: 3, applicationName: name) { pool in
            let pids = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)")[0].decode(Int.self, column: "pid")
                    }
                }
                return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
            }
            #expect(pids.count <= 3)
            #expect(pool.statistics.open <= 3)
            #expect(try await backendCount(applicationName: name) <= 3)
        }
    }

    @Test func checkout_waitsForAFreeConnection_untilTheDeadline() async throws {
        try await withPool(maxConnections: 1) { pool in
            let holder = Task { try await pool.query("SELECT pg_sleep(1.5)") }
            try await eventually { pool.statistics.idle == 0 && pool.statistics.open == 1 }
            let started = ContinuousClock.now
            let error = await #expect(throws: PGError.self) {
                try await pool.query("SELECT 1", deadline: .after(.milliseconds(200)))
            }
            #expect(error?.code == .timeout)
            #expect(error?.outcome.code == .deadlineExceeded)
            #expect(ContinuousClock.now - started < .milliseconds(1200))
            // Without a deadline the caller waits for the connection and is served.
            let rows = try await pool.query("SELECT 2 AS two")
            #expect(try rows[0].decode(Int.self, column: "two") == 2)
            _ = try await holder.value
        }
    }

    @Test func checkout_withoutDeadline_givesUpAfterCheckoutTimeout_asUnavailable() async throws {
        try await withPool(maxConnections: 1, configure: { $0.checkoutTimeout = .milliseconds(200) }) { pool in
            let holder = Task { try await pool.query("SELECT pg_sleep(1)") }
            try await eventually { pool.statistics.idle == 0 && pool.statistics.open == 1 }
            let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
            #expect(error?.code == .poolExhausted)
            #expect(error?.outcome.code == .unavailable)
            _ = try await holder.value
        }
    }

    @Test func callDeadline_fromCallContext_boundsTheStatement() async throws {
        try await withPool(maxConnections: 1) { pool in
            let context = CallContext(
                method: MethodDescriptor(service: "test.Service", method: "Slow"), metadata: Metadata(),
                deadline: .after(.milliseconds(300)), peer: "spiffe://test/caller")
            let started = ContinuousClock.now
            let error = await #expect(throws: PGError.self) {
                try await CallContext.$current.withValue(context) {
                    try await pool.query("SELECT pg_sleep(10)")
                }
            }
            // Cancelled on the server (57014), or, on a loaded machine, not sent at all.
            #expect(error?.code == .timeout)
            #expect(ContinuousClock.now - started < .seconds(3))
            // The cancelled statement left the connection usable.
            let one = try await pool.query("SELECT 1 AS one")[0].decode(Int.self, column: "one")
            #expect(one == 1)
            #expect(pool.statistics.open == 1)
        }
    }

    @Test func cancellingTheTask_cancelsTheStatementOnTheServer() async throws {
        try await withPool(maxConnections: 1) { pool in
            let started = ContinuousClock.now
            let task = Task { try await pool.query("SELECT pg_sleep(10)") }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let result = await task.result
            #expect(throws: PGError.self) { try result.get() }
            #expect((try? result.get()) == nil)
            if case .failure(let error as PGError) = result { #expect(error.code == .cancelled) }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await pool.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        }
    }

    @Test func idleConnectionsEndedByTheServer_areReplacedTransparently() async throws {
        let name = TestDatabase.uniqueName("pool")
        try await withPool(maxConnections: 3, applicationName: name) { pool in
            let before = try await Self.warm(pool, connections: 3)
            #expect(try await terminateBackends(applicationName: name) == 3)
            // Every connection the pool holds is dead; callers must not notice.
            let after = try await Self.warm(pool, connections: 3)
            #expect(before.isDisjoint(with: after))
            #expect(pool.statistics.open <= 3)
        }
    }

    @Test func statementOnAConnectionThatDies_failsRetryably_andThePoolRecovers() async throws {
        let name = TestDatabase.uniqueName("pool")
        try await withPool(maxConnections: 1, applicationName: name) { pool in
            let running = Task { try await pool.query("SELECT pg_sleep(30)") }
            try await eventually {
                try await withPool(maxConnections: 1) { admin in
                    try await admin.query("""
                        SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name) AND query LIKE 'SELECT pg_sleep%'
                        """)[0].decode(Int.self, column: 0) == 1
                }
            }
            #expect(try await terminateBackends(applicationName: name) == 1)
            let result = await running.result
            guard case .failure(let error as PGError) = result else {
                Issue.record("expected the statement to fail with a PGError, got \(result)")
                return
            }
            #expect(error.code == .connectionClosed)
            #expect(error.isRetryable)
            #expect(error.outcome.code == .unavailable)
            #expect(try await pool.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
        }
    }

    @Test func serverThatIsNotThere_failsWithUnavailable() async throws {
        let url = "postgresql:///postgres?host=/nonexistent-cerniq-socket-dir&port=5999&user=postgres"
        try await withPool(url: url, maxConnections: 2) { pool in
            let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
            #expect(error?.code == .connectionFailed)
            #expect(error?.isRetryable == true)
            #expect(error?.outcome.code == .unavailable)
            #expect(error?.description == "PGError(connectionFailed)")
            #expect(pool.statistics.open == 0)
        }
    }

    @Test func serverRestart_poolWorksAgainWithoutErrors() async throws {
        try await withTestCluster { cluster in
            try await withPool(url: cluster.url, maxConnections: 2) { pool in
                let before = try await Self.warm(pool, connections: 2)
                try await cluster.restart()
                let after = try await Self.warm(pool, connections: 2)
                #expect(before.isDisjoint(with: after))
                try await pool.withTransaction { tx in
                    try await tx.query("CREATE TABLE after_restart (id int)")
                }
            }
        }
    }

    @Test func closedPool_refusesCheckouts() async throws {
        let pool = PGPool(configuration: .init(url: try TestDatabase.url()))
        try await pool.query("SELECT 1")
        pool.close()
        let error = await #expect(throws: PGError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    /// Runs `connections` statements at once so the pool opens (or reuses) that many; returns their backend pids.
    static func warm(_ pool: PGPool, connections: Int) async throws -> Set<Int> {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.1)")[0].decode(Int.self, column: "pid")
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
    }
}
