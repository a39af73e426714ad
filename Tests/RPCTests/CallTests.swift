import Foundation
import RPC
import RPCTestKit
import Synchronization
import Testing

/// Calls as a caller sees them: deadlines, cancellation, multiplexing, drain, reconnects, retries.
struct CallTests {
    static func milliseconds(_ value: Int) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    @Test func deadlineExceeded_isSeenByCallerAndHandler() async throws {
        let observations = Observations()
        try await withTestServer(services: [TestHandlers.service(observations)]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            let started = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.slow, request: Self.milliseconds(3000), options: CallOptions(timeout: .milliseconds(200)))
            }
            #expect(error?.code == .deadlineExceeded)
            // Well before the handler's 3 s would have run out.
            #expect(ContinuousClock.now - started < .milliseconds(2500))
            // The server's own timer cancels the handler.
            try await eventually { observations.cancelledHandlers.load(ordering: .relaxed) == 1 }
            #expect(observations.completedSlowCalls.load(ordering: .relaxed) == 0)
            #expect(server.metricsText().contains("rpc_server_calls_total{method=\"test.Runtime/Slow\",code=\"DEADLINE_EXCEEDED\"} 1"))
        }
    }

    @Test func cancellingTheCallerTask_cancelsTheHandler() async throws {
        let observations = Observations()
        try await withTestServer(services: [TestHandlers.service(observations)]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            let call = Task {
                try await client.call(TestHandlers.slow, request: Self.milliseconds(5000), options: CallOptions())
            }
            try await waitUntilRunning(server, TestHandlers.slow, count: 1)
            call.cancel()
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
            try await eventually { observations.cancelledHandlers.load(ordering: .relaxed) == 1 }
        }
    }

    @Test func tenThousandConcurrentCalls_onOneConnection_eachReturnToTheirCaller() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10_000 {
                    group.addTask {
                        let request = [UInt8(index >> 8), UInt8(index & 0xFF)]
                        let response = try await client.call(TestHandlers.echo, request: request, options: CallOptions(timeout: .seconds(30)))
                        #expect(response == request)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func statusCodesAndDetails_reachTheCaller() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
            defer { client.close() }
            for code in RPCError.Code.all.dropFirst() {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await client.call(TestHandlers.fail, request: [code.rawValue], options: CallOptions())
                }
                #expect(error == RPCError(code, "failed as asked", details: [9, 9]))
            }
        }
    }

    @Test func handlerCallingAnotherServer_passesOnItsRemainingDeadlineAndMetadata() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { upstreamServer in
            let upstream = try makeClient(for: upstreamServer)
            defer { upstream.close() }
            try await withTestServer(services: [TestHandlers.service(upstream: upstream)]) { server in
                let client = try makeClient(for: server)
                defer { client.close() }
                let response = try await client.call(TestHandlers.relay, request: [], options: CallOptions(timeout: .milliseconds(800)))
                let left = UInt32(response[0]) << 24 | UInt32(response[1]) << 16 | UInt32(response[2]) << 8 | UInt32(response[3])
                #expect(left <= 800 && left > 300, "upstream saw \(left) ms left")
            }
        }
    }

    @Test func drain_finishesInFlightCalls_andRefusesNewOnes() async throws {
        let observations = Observations()
        var configuration = ServerConfiguration(tls: TestCertificates.shared.tls("testing"))
        configuration.drainGracePeriod = .seconds(5)
        let server = try Server(configuration: configuration, services: [TestHandlers.service(observations)])
        try server.start()
        let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
        defer { client.close() }
        let inFlight = Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(400), options: CallOptions()) }
        try await waitUntilRunning(server, TestHandlers.slow, count: 1)
        server.beginGracefulShutdown()
        try await Task.sleep(for: .milliseconds(50))
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.call(TestHandlers.echo, request: [1], options: CallOptions())
        }
        #expect(error?.code == .unavailable)
        #expect(try await inFlight.value == [1])
        try await server.run()
        #expect(observations.completedSlowCalls.load(ordering: .relaxed) == 1)
    }

    @Test func drain_cancelsCallsStillRunningAfterTheGracePeriod() async throws {
        let observations = Observations()
        var configuration = ServerConfiguration(tls: TestCertificates.shared.tls("testing"))
        configuration.drainGracePeriod = .milliseconds(200)
        let server = try Server(configuration: configuration, services: [TestHandlers.service(observations)])
        try server.start()
        let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
        defer { client.close() }
        let inFlight = Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(5000), options: CallOptions()) }
        try await waitUntilRunning(server, TestHandlers.slow, count: 1)
        server.beginGracefulShutdown()
        try await server.run()
        let result = await inFlight.result
        #expect(throws: RPCError.self) { try result.get() }
        try await eventually { observations.cancelledHandlers.load(ordering: .relaxed) == 1 }
    }

    @Test func clientReconnects_afterTheServerRestarts() async throws {
        var configuration = ServerConfiguration(tls: TestCertificates.shared.tls("testing"))
        let first = try Server(configuration: configuration, services: [TestHandlers.service()])
        try first.start()
        configuration.port = first.port
        let client = try makeClient(for: first) { $0.reconnectBackoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(100)) }
        defer { client.close() }
        #expect(try await client.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
        first.beginGracefulShutdown()
        try await first.run()

        let second = try Server(configuration: configuration, services: [TestHandlers.service()])
        try second.start()
        try await eventually {
            (try? await client.call(TestHandlers.echo, request: [2], options: CallOptions(timeout: .seconds(1)))) == [2]
        }
        second.beginGracefulShutdown()
        try await second.run()
    }

    @Test func retriesIdempotentMethodsOnly_andOnlyForRetryableCodes() async throws {
        let observations = Observations()
        try await withTestServer(services: [TestHandlers.service(observations)]) { server in
            let client = try makeClient(for: server) { $0.reconnectBackoff = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2)) }
            defer { client.close() }
            func attempts(_ method: MethodDescriptor, _ code: RPCError.Code) async -> Int {
                let before = observations.failures.load(ordering: .relaxed)
                let error = await #expect(throws: RPCError.self) {
                    _ = try await client.call(method, request: [code.rawValue], options: CallOptions())
                }
                #expect(error?.code == code)
                return observations.failures.load(ordering: .relaxed) - before
            }
            #expect(await attempts(TestHandlers.fail, .unavailable) == 3)
            #expect(await attempts(TestHandlers.fail, .invalidArgument) == 1)
            #expect(await attempts(TestHandlers.failOnce, .unavailable) == 1)
        }
    }

    @Test func retryBudget_stopsRetriesWhenMostCallsFail() async throws {
        let observations = Observations()
        try await withTestServer(services: [TestHandlers.service(observations)]) { server in
            let client = try makeClient(for: server) {
                $0.reconnectBackoff = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2))
                $0.retry.maxTokens = 4
            }
            defer { client.close() }
            for _ in 0..<10 {
                _ = try? await client.call(TestHandlers.fail, request: [RPCError.Code.unavailable.rawValue], options: CallOptions())
            }
            // Without a budget 10 calls would make 30 attempts; tokens 4 → retries stop below half.
            #expect(observations.failures.load(ordering: .relaxed) < 15)
        }
    }

    @Test func failsFast_whenNothingListens() async throws {
        let (fd, port) = try reservePort()
        close(fd)
        var configuration = ClientConfiguration(target: "127.0.0.1:\(port)", tls: TestCertificates.shared.tls("cli"))
        configuration.reconnectBackoff = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2))
        let client = try Client(configuration: configuration)
        defer { client.close() }
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.call(TestHandlers.echo, request: [], options: CallOptions())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("cannot connect") == true || error?.message.contains("unreachable") == true)
    }

    @Test func shedsLoadWithResourceExhausted_overTheInFlightLimit() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.maxInFlight = 2 }) { server in
            let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
            defer { client.close() }
            // Slow enough to still run when the third call arrives, however loaded the machine.
            let slow1 = Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(20_000), options: CallOptions()) }
            let slow2 = Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(20_000), options: CallOptions()) }
            try await waitUntilRunning(server, TestHandlers.slow, count: 2)
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [1], options: CallOptions())
            }
            #expect(error?.code == .resourceExhausted)
            slow1.cancel()
            slow2.cancel()
            try await waitUntilRunning(server, TestHandlers.slow, count: 0)
            #expect(try await client.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
        }
    }

    @Test func refusesStreamsBeyondTheConnectionLimit() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.maxConcurrentStreams = 1 }) { server in
            let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
            defer { client.close() }
            let slow = Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(20_000), options: CallOptions()) }
            try await waitUntilRunning(server, TestHandlers.slow, count: 1)
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [1], options: CallOptions())
            }
            #expect(error?.code == .resourceExhausted)
            slow.cancel()
        }
    }
}

/// Waits until the server reports `count` calls of `method` in flight.
func waitUntilRunning(_ server: Server, _ method: MethodDescriptor, count: Int) async throws {
    try await eventually { server.metricsText().contains("rpc_server_in_flight{method=\"\(method.path)\"} \(count)") }
}

/// Polls `condition` for up to five seconds.
func eventually(_ condition: () async throws -> Bool) async throws {
    for _ in 0..<100 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition did not become true within 5 s")
}

/// Binds a free port and returns the socket holding it.
func reservePort() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

extension CallTests {
    @Test func callFromAnAlreadyCancelledTask_failsAtOnce() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.call(TestHandlers.echo, request: [1], options: CallOptions())
            }
            let result = await task.result
            #expect(throws: RPCError(.cancelled, "call cancelled")) { try result.get() }
        }
    }
}

extension CallTests {
    @Test func refusesARequestOverTheServersFrameLimit_atTheCaller_andKeepsTheConnection() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.maxFrameSize = 1024 }) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            #expect(try await client.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: Array(repeating: 7, count: 2000), options: CallOptions())
            }
            #expect(error?.code == .resourceExhausted)
            #expect(try await client.call(TestHandlers.echo, request: [2], options: CallOptions()) == [2])
        }
    }

    @Test func refusesBadMetadata_atTheCaller() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            let bad = CallOptions(metadata: Metadata([.init(key: "Tenant", value: [])]))
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [1], options: bad)
            }
            #expect(error?.code == .invalidArgument)
            #expect(try await client.call(TestHandlers.echo, request: [2], options: CallOptions()) == [2])
        }
    }

    @Test func refusesConnectionsOverTheLimit() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.maxConnections = 1 }) { server in
            let first = try makeClient(for: server)
            defer { first.close() }
            #expect(try await first.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
            let second = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
            defer { second.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await second.call(TestHandlers.echo, request: [1], options: CallOptions(timeout: .seconds(5)))
            }
            #expect(error?.code == .unavailable)
        }
    }
}

extension CallTests {
    @Test func closingAndDroppingAClient_withCallsInFlight_failsThemCleanly() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            for _ in 0..<20 {
                let calls: [Task<[UInt8], any Error>]
                do {
                    let client = try makeClient(for: server) { $0.retry.maxAttempts = 1 }
                    calls = (0..<10).map { _ in
                        Task { try await client.call(TestHandlers.slow, request: Self.milliseconds(2000), options: CallOptions()) }
                    }
                    try await waitUntilRunning(server, TestHandlers.slow, count: 10)
                    client.close()
                }
                // The client is gone; its connections finish closing on their own.
                for call in calls {
                    let result = await call.result
                    #expect(throws: RPCError.self) { try result.get() }
                }
                try await waitUntilRunning(server, TestHandlers.slow, count: 0)
            }
        }
    }
}
