import Foundation
import Testing

/// A PostgreSQL server of one test's own, for what would disturb the shared test server
/// (a restart). Unix socket only, in a temporary folder, stopped and removed afterwards.
struct TestCluster {
    let directory: String
    let port: Int

    /// A URL for the superuser.
    var url: String { "postgresql:///postgres?host=\(directory)/sockets&port=\(port)&user=postgres" }

    private var data: String { directory + "/data" }

    static var binaries: String { ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin" }

    static func start() async throws -> TestCluster {
        let directory = FileManager.default.temporaryDirectory.path + "/" + TestDatabase.uniqueName("cerniq-cluster")
        try FileManager.default.createDirectory(atPath: directory + "/sockets", withIntermediateDirectories: true)
        let cluster = TestCluster(directory: directory, port: Int.random(in: 20000..<60000))
        // PostgreSQL refuses to run as root: as root, hand the folder to `postgres` and run as it.
        if getuid() == 0 { try await run("/usr/bin/chown", ["-R", "postgres:postgres", directory]) }
        try await cluster.postgres("initdb", ["-D", cluster.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"])
        try await cluster.postgres("pg_ctl", [
            "-D", cluster.data, "-l", directory + "/log", "-w", "-t", "60",
            "-o", "-k \(directory)/sockets -p \(cluster.port) -c listen_addresses='' -c fsync=off", "start",
        ])
        return cluster
    }

    /// A fast restart: open sessions are terminated, as in a real deployment's restart.
    func restart() async throws {
        try await postgres("pg_ctl", ["-D", data, "-l", directory + "/log", "-m", "fast", "-w", "-t", "60", "restart"])
    }

    func stop() async {
        try? await postgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func postgres(_ command: String, _ arguments: [String]) async throws {
        let executable = Self.binaries + "/" + command
        if getuid() == 0 {
            try await Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments, log: directory + "/command.log")
        } else {
            try await Self.run(executable, arguments, log: directory + "/command.log")
        }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program to its end, output to `log`, without blocking a thread of the
    /// cooperative pool. posix_spawn and waitpid rather than Foundation's Process: on Linux,
    /// Process learns of the exit through a descriptor the child inherits, and `pg_ctl start`
    /// leaves a daemon holding it, so Process never reports that pg_ctl ended.
    private static func run(_ executable: String, _ arguments: [String], log: String = "/dev/null") async throws {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &fileActions, nil, argv, environ)
        guard status == 0 else { throw CommandFailed(description: "\(executable): posix_spawn failed (\(status))") }
        let exitStatus = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let child = pid
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        guard exitStatus == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CommandFailed(description: "\(executable) \(arguments) exited with status \(exitStatus): \(output)")
        }
    }
}

/// A private cluster for `body`, stopped and removed however `body` ends.
func withTestCluster<Result>(_ body: (TestCluster) async throws -> Result) async throws -> Result {
    let cluster = try await TestCluster.start()
    do {
        let result = try await body(cluster)
        await cluster.stop()
        return result
    } catch {
        await cluster.stop()
        throw error
    }
}
