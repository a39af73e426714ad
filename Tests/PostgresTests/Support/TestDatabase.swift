import Foundation
import Postgres
import Testing

/// The PostgreSQL the test command started (deploy/test.sh). Tests that need it fail, loudly,
/// when it is missing: they never skip themselves.
enum TestDatabase {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CERNIQ_TEST_DATABASE_URL is not set: run these tests through `bash deploy/test.sh`, which starts a private PostgreSQL"
        }
    }

    /// The superuser URL of the test server.
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CERNIQ_TEST_DATABASE_URL"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    /// A name no other test uses: `prefix_` and 12 random hex digits.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
    }
}

/// A pool on the test server (or `url`), closed when `body` ends however it ends.
func withPool<Result>(
    url: String? = nil, maxConnections: Int = 4, applicationName: String? = nil,
    configure: (inout PGPool.Configuration) -> Void = { _ in },
    _ body: (PGPool) async throws -> Result
) async throws -> Result {
    var configuration = PGPool.Configuration(
        url: try url ?? TestDatabase.url(), maxConnections: maxConnections, applicationName: applicationName)
    configure(&configuration)
    let pool = PGPool(configuration: configuration)
    defer { pool.close() }
    return try await body(pool)
}

/// A fresh schema for one test, dropped afterwards.
func withSchema<Result>(_ pool: PGPool, _ body: (String) async throws -> Result) async throws -> Result {
    let schema = TestDatabase.uniqueName("t")
    try await pool.query("CREATE SCHEMA \(identifier: schema)")
    do {
        let result = try await body(schema)
        try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        return result
    } catch {
        _ = try? await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        throw error
    }
}

/// Polls `condition` until it holds, failing after `timeout`.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition did not hold within \(timeout)")
    throw CancellationError()
}

/// Ends every backend whose application_name is `name`, waiting until each has exited:
/// what a server restart does to a pool's connections.
func terminateBackends(applicationName name: String) async throws -> Int {
    try await withPool(maxConnections: 1) { admin in
        let rows = try await admin.query("""
            SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
            WHERE application_name = \(name) AND pid <> pg_backend_pid()
            """)
        return rows.count
    }
}

/// How many backends with application_name `name` are connected.
func backendCount(applicationName name: String) async throws -> Int {
    try await withPool(maxConnections: 1) { admin in
        try await admin.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name)")[0].decode(Int.self, column: 0)
    }
}
