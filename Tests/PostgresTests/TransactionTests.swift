import Foundation
import Postgres
import RPCCore
import Testing

/// `withTransaction`: commit and rollback, the per-transaction tenant and timeout, and the
/// retry of transactions that lost a race.
struct TransactionTests {
    @Test func returningCommits_throwingRollsBackAndRethrows() async throws {
        struct Refused: Error {}
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).items (name text)")
                try await pool.withTransaction { tx in
                    try await tx.query("INSERT INTO \(identifier: schema).items VALUES (\("kept"))")
                }
                await #expect(throws: Refused.self) {
                    try await pool.withTransaction { tx in
                        try await tx.query("INSERT INTO \(identifier: schema).items VALUES (\("dropped"))")
                        throw Refused()
                    }
                }
                let names = try await pool.query("SELECT name FROM \(identifier: schema).items").map { try $0.decode(String.self, column: 0) }
                #expect(names == ["kept"])
            }
        }
    }

    @Test func tenant_isSetForTheTransactionOnly_andNeverLeaksToTheNextUse() async throws {
        try await withPool(maxConnections: 1) { pool in
            let tenant = UUID()
            let inside = try await pool.withTransaction(tenant: tenant) { tx in
                try await tx.query("SELECT current_setting('app.tenant_id', true) AS tenant")[0].decode(String?.self, column: 0)
            }
            #expect(inside == tenant.uuidString.lowercased())
            // The same (only) connection, next transaction and next plain query: no tenant.
            let nextTransaction = try await pool.withTransaction { tx in
                try await tx.query("SELECT current_setting('app.tenant_id', true) AS tenant")[0].decode(String?.self, column: 0)
            }
            #expect(nextTransaction == nil || nextTransaction == "")
            let plain = try await pool.query("SELECT current_setting('app.tenant_id', true)")[0].decode(String?.self, column: 0)
            #expect(plain == nil || plain == "")
        }
    }

    @Test func deadline_setsStatementTimeoutForTheTransactionOnly() async throws {
        try await withPool(maxConnections: 1) { pool in
            let timeout = try await pool.withTransaction(deadline: .after(.seconds(10))) { tx in
                try await tx.query("SELECT setting::int8 FROM pg_settings WHERE name = 'statement_timeout'")[0].decode(Int.self, column: 0)
            }
            // The time left when the transaction began: at most the 10 s given, never 0 (no limit).
            #expect(timeout > 0 && timeout <= 10_000)
            let after = try await pool.query("SELECT setting::int8 FROM pg_settings WHERE name = 'statement_timeout'")[0].decode(Int.self, column: 0)
            #expect(after == 0)
        }
    }

    @Test func statementRunningPastTheDeadline_failsWithDeadlineExceeded() async throws {
        try await withPool(maxConnections: 1) { pool in
            let started = ContinuousClock.now
            let error = await #expect(throws: PGError.self) {
                try await pool.withTransaction(deadline: .after(.milliseconds(300))) { tx in
                    try await tx.query("SELECT pg_sleep(5)")
                }
            }
            // statement_timeout or the client's cancel (57014), or, on a loaded machine, a
            // deadline that passed before the statement was sent: DEADLINE_EXCEEDED each way.
            #expect(error?.outcome.code == .deadlineExceeded)
            #expect(error?.sqlState == "57014" || error?.code == .timeout)
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test func deadlineAlreadyPassed_failsFast_withoutTouchingTheDatabase() async throws {
        // Nothing listens at this URL: reaching the database would fail differently.
        let url = "postgresql:///postgres?host=/nonexistent-cerniq-socket-dir&port=5999"
        try await withPool(url: url) { pool in
            let ran = Counter()
            let error = await #expect(throws: PGError.self) {
                try await pool.withTransaction(deadline: Deadline(nanoseconds: Deadline.now() - 1)) { _ in
                    await ran.increment()
                }
            }
            #expect(error?.code == .timeout)
            #expect(error?.outcome.code == .deadlineExceeded)
            #expect(await ran.value == 0)
        }
    }

    @Test func serializationFailure_retriesTheWholeClosure_untilItCommits() async throws {
        try await withPool(maxConnections: 2) { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).ledger (amount int8)")
                let barrier = Barrier(count: 2)
                let runs = Counter()
                // Write skew: each reads the sum, then appends sum + 1. Serially the result is
                // {1, 2}; run together, serializable isolation fails one, which runs again.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await pool.withTransaction(isolation: .serializable) { tx in
                                await runs.increment()
                                let sum = try await tx.query("SELECT coalesce(sum(amount), 0)::int8 FROM \(identifier: schema).ledger")[0].decode(Int.self, column: 0)
                                if tx.attempt == 1 { await barrier.arrive() }
                                try await tx.query("INSERT INTO \(identifier: schema).ledger VALUES (\(sum + 1))")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let amounts = try await pool.query("SELECT amount FROM \(identifier: schema).ledger ORDER BY amount").map { try $0.decode(Int.self, column: 0) }
                #expect(amounts == [1, 2])
                #expect(await runs.value == 3)
            }
        }
    }

    @Test func deadlock_retriesTheLoser_andBothCommit() async throws {
        try await withPool(maxConnections: 2) { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).accounts (id int8 PRIMARY KEY, balance int8)")
                try await pool.query("INSERT INTO \(identifier: schema).accounts VALUES (1, 100), (2, 100)")
                let barrier = Barrier(count: 2)
                let runs = Counter()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (from, to) in [(1, 2), (2, 1)] {
                        group.addTask {
                            try await pool.withTransaction { tx in
                                await runs.increment()
                                try await tx.query("UPDATE \(identifier: schema).accounts SET balance = balance - 10 WHERE id = \(from)")
                                if tx.attempt == 1 { await barrier.arrive() }
                                try await tx.query("UPDATE \(identifier: schema).accounts SET balance = balance + 10 WHERE id = \(to)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let balances = try await pool.query("SELECT balance FROM \(identifier: schema).accounts ORDER BY id").map { try $0.decode(Int.self, column: 0) }
                #expect(balances == [100, 100])
                // Usually one victim (3 runs); on a loaded machine both backends' deadlock checks
                // can see the cycle before either has let go, and both retry (4 runs).
                #expect((3...4).contains(await runs.value))
            }
        }
    }

    @Test func retries_areBoundedByTransactionAttempts() async throws {
        try await withPool(configure: { $0.transactionAttempts = 3 }) { pool in
            let runs = Counter()
            let error = await #expect(throws: PGError.self) {
                try await pool.withTransaction { tx in
                    await runs.increment()
                    try await tx.query("DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = 'serialization_failure'; END $$")
                }
            }
            #expect(await runs.value == 3)
            #expect(error?.sqlState == "40001")
            #expect(error?.outcome.code == .aborted)
        }
    }

    @Test func retries_neverRunPastTheDeadline() async throws {
        try await withPool(configure: {
            $0.transactionAttempts = 1000
            $0.retryBackoff = .milliseconds(40)
            $0.maxRetryBackoff = .milliseconds(40)
        }) { pool in
            let runs = Counter()
            await #expect(throws: PGError.self) {
                try await pool.withTransaction(deadline: .after(.milliseconds(400))) { tx in
                    await runs.increment()
                    try await tx.query("DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = 'deadlock_detected'; END $$")
                }
            }
            // Each retry waits at least its 40 ms backoff and none starts once the 400 ms deadline
            // would pass during it, so at most 400/40 runs happen however slow the machine is: far
            // from the 1000 attempts allowed. (A count, not a clock: a loaded machine cannot flake it.)
            // (Zero runs is possible too: on a loaded machine the deadline can pass before BEGIN.)
            #expect(await runs.value <= 10)
        }
    }

    @Test func swallowedStatementError_makesCommitThrow_andNothingIsKept() async throws {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).items (name text NOT NULL)")
                let error = await #expect(throws: PGError.self) {
                    try await pool.withTransaction { tx in
                        try await tx.query("INSERT INTO \(identifier: schema).items VALUES (\("first"))")
                        _ = try? await tx.query("INSERT INTO \(identifier: schema).items VALUES (\(String?.none))")
                    }
                }
                #expect(error?.code == .transactionRolledBack)
                #expect(error?.sqlState == "23502")
                let count = try await pool.query("SELECT count(*) FROM \(identifier: schema).items")[0].decode(Int.self, column: 0)
                #expect(count == 0)
            }
        }
    }

    @Test func cancelledTask_rollsBack_andKeepsTheConnection() async throws {
        try await withPool(maxConnections: 1) { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).items (name text)")
                let before = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int.self, column: 0)
                let task = Task {
                    try await pool.withTransaction { tx in
                        try await tx.query("INSERT INTO \(identifier: schema).items VALUES (\("cancelled"))")
                        try await tx.query("SELECT pg_sleep(10)")
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                task.cancel()
                let result = await task.result
                guard case .failure(let error as PGError) = result else {
                    Issue.record("expected a PGError, got \(result)")
                    return
                }
                #expect(error.code == .cancelled)
                let after = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int.self, column: 0)
                #expect(after == before)
                let count = try await pool.query("SELECT count(*) FROM \(identifier: schema).items")[0].decode(Int.self, column: 0)
                #expect(count == 0)
            }
        }
    }

    @Test func transactionUsedAfterItsClosure_isRefused() async throws {
        try await withPool { pool in
            let escaped = try await pool.withTransaction { tx in tx }
            let error = await #expect(throws: PGError.self) { try await escaped.query("SELECT 1") }
            #expect(error?.code == .transactionClosed)
        }
    }
}
