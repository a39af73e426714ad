import Foundation
import RPC
import RPCTestKit
import Testing

/// Every hop is mutually authenticated (DESIGN D4): no certificate from our CA, no call.
struct TLSTests {
    func expectRefused(identity: String, trust: String = "ca") async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server, identity: identity, trust: trust) { $0.retry.maxAttempts = 1 }
            defer { client.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [1], options: CallOptions(timeout: .seconds(5)))
            }
            #expect(error?.code == .unavailable)
        }
    }

    @Test func refusesClient_whoseCertificateComesFromAnUnknownCA() async throws {
        try await expectRefused(identity: "foreign-cli")
    }

    @Test func refusesClient_withAnExpiredCertificate() async throws {
        try await expectRefused(identity: "expired")
    }

    @Test func clientRefusesServer_itDoesNotTrust() async throws {
        // The client trusts only the foreign CA, so our server's certificate fails verification.
        try await expectRefused(identity: "foreign-cli", trust: "foreign-ca")
    }

    @Test func refusesClient_withoutACertificate() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            // A TLS client that presents no certificate: the handshake must fail.
            let port = server.port
            let talks = try await runBlocking { (try? AnonymousTLSPeer(port: port))?.handshakeSucceededAndServerTalks() ?? false }
            #expect(!talks)
        }
    }

    @Test func answersPermissionDenied_toAnIdentityNotAllowedForTheMethod() async throws {
        let policy = AuthorizationPolicy(rules: ["test.Runtime/*": ["gateway"], "*": []])
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.authorization = policy }) { server in
            let intruder = try makeClient(for: server, identity: "intruder")
            defer { intruder.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await intruder.call(TestHandlers.echo, request: [1], options: CallOptions())
            }
            #expect(error?.code == .permissionDenied)
            #expect(error?.message.contains("spiffe://cerniq.local/intruder") == true)

            let gateway = try makeClient(for: server, identity: "gateway")
            defer { gateway.close() }
            #expect(try await gateway.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
        }
    }

    @Test func refusesAPrincipal_fromACallerNotAllowedToActForUsers() async throws {
        let policy = AuthorizationPolicy(rules: ["*": ["*"]], principalIssuers: ["gateway"])
        let withUser = CallOptions(metadata: Metadata([.init(key: Metadata.Key.principal, value: [1, 2, 3])]))
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.authorization = policy }) { server in
            let intruder = try makeClient(for: server, identity: "intruder")
            defer { intruder.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await intruder.call(TestHandlers.echo, request: [1], options: withUser)
            }
            #expect(error?.code == .permissionDenied)
            // Without a principal the same caller is served; the gateway may carry one.
            let plain = try await intruder.call(TestHandlers.echo, request: [1], options: CallOptions())
            #expect(plain == [1])
            let gateway = try makeClient(for: server, identity: "gateway")
            defer { gateway.close() }
            let forUser = try await gateway.call(TestHandlers.echo, request: [2], options: withUser)
            #expect(forUser == [2])
        }
    }

    @Test func clientRefusesServer_withAnUnexpectedIdentity() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server) {
                $0.expectedServerIdentity = "spiffe://cerniq.local/catalog"
                $0.retry.maxAttempts = 1
            }
            defer { client.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [1], options: CallOptions())
            }
            #expect(error?.message.contains("not the expected") == true)
        }
    }

    @Test func dropsConnection_thatNeverFinishesTheHandshake() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: {
            $0.tls.handshakeTimeout = .milliseconds(300)
        }) { server in
            // Plain TCP, no ClientHello: the server must hang up after its handshake timeout.
            let fd = try connectTCP(port: server.port, timeout: 3)
            defer { close(fd) }
            let started = Date()
            let count = try await runBlocking {
                var byte: UInt8 = 0
                return read(fd, &byte, 1)
            }
            #expect(count == 0, "server should close the socket")
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }
}
