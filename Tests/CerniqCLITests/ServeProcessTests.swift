import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RPCTestKit
import Testing

/// The binary as a user runs it: `cerniq certs`, `cerniq serve`, `cerniq call`, and a drain
/// on SIGTERM that lets an in-flight call finish, all as separate processes.
struct ServeProcessTests {
    /// `cerniq` sits beside the test bundle in the build folder.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cerniq").path

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the binary to completion on a thread of its own (waiting blocks).
    static func run(_ arguments: [String]) async throws -> Output {
        try await runBlocking { try runWaiting(arguments) }
    }

    static func runWaiting(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func serveAnswersCalls_andDrainsOnSIGTERM() async throws {
        let certs = FileManager.default.temporaryDirectory.appendingPathComponent("cerniq-serve-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: certs) }
        let issued = try await Self.run(["certs", "--out", certs, "--components", "testing,cli"])
        #expect(issued.status == 0, "\(issued.stderr)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.binary)
        server.arguments = ["serve", "--target", "testing", "--listen", "127.0.0.1:0",
                            "--cert", "\(certs)/testing.pem", "--key", "\(certs)/testing.key", "--ca", "\(certs)/ca.pem",
                            "--metrics-listen", "127.0.0.1:0"]
        let serverOut = Pipe()
        server.standardOutput = serverOut
        server.environment = ProcessInfo.processInfo.environment.merging(["CERNIQ_DRAIN_SECONDS": "10"]) { $1 }
        try server.run()
        defer { if server.isRunning { server.terminate() } }

        // The first log line names the bound port.
        let handle = serverOut.fileHandleForReading
        let log = try await runBlocking {
            var firstLine = Data()
            while !firstLine.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { break }
                firstLine.append(chunk)
            }
            return String(decoding: firstLine, as: UTF8.self)
        }
        let fields = log.split(separator: "\"")
        let port = try #require(fields.first { $0.hasPrefix("127.0.0.1:") }?.split(separator: ":").last)
        let metricsPort = try #require(fields.firstIndex(of: "metrics").map { fields[$0 + 2] })
        let common = ["--target", "127.0.0.1:\(port)", "--cert", "\(certs)/cli.pem", "--key", "\(certs)/cli.key", "--ca", "\(certs)/ca.pem"]

        let echo = try await Self.run(["call", "cerniq.testing.v1.TestService/Echo", "--data", #"{"text":"hello"}"#] + common)
        #expect(echo.status == 0, "\(echo.stderr)")
        #expect(echo.stdout.contains(#""text": "hello""#))

        let load = try await Self.run(["load", "cerniq.testing.v1.TestService/Echo", "--data", #"{"text":"n{{counter}}"}"#,
                                       "--count", "300", "--concurrency", "8", "--json", "--quiet"] + common)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains(#""requests":300"#))
        #expect(load.stdout.contains(#""statuses":{"OK":300}"#))

        let health = try await Self.run(["health"] + common)
        #expect(health.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "SERVING")

        // A slow call in flight when SIGTERM arrives still completes.
        let slow = Task {
            try await Self.run(["call", "cerniq.testing.v1.TestService/Slow", "--data", #"{"delayMs":1500}"#, "--timeout", "10s"] + common)
        }
        // SIGTERM once the server reports the call in flight (its metrics endpoint, over HTTP).
        let inFlight = "rpc_server_in_flight{method=\"cerniq.testing.v1.TestService/Slow\"} 1"
        var seen = false
        for _ in 0..<100 where !seen {
            let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(metricsPort)/metrics")!)
            seen = String(decoding: data, as: UTF8.self).contains(inFlight)
            if !seen { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen)
        kill(server.processIdentifier, SIGTERM)
        let finished = try await slow.value
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.contains(#""completed": true"#))
        try await runBlocking { server.waitUntilExit() }
        #expect(server.terminationStatus == 0)

        let after = try await Self.run(["call", "cerniq.testing.v1.TestService/Echo", "--data", "{}"] + common)
        #expect(after.status == 1)
        #expect(after.stdout.contains("UNAVAILABLE") || after.stderr.contains("UNAVAILABLE"))
    }
}
