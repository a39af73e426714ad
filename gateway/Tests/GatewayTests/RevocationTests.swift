import Foundation
import Gateway
import IdentityAPI
import RPC
import RPCTestKit
import Synchronization
import Testing

/// Tokens Identity revokes are refused at the edge within one poll of ListRevocations, cache
/// or not; entries are forgotten after their `until`; an outage keeps the list.
@Suite struct RevocationTests {
    @Test func aTokenWhoseIdIsRevoked_isRefusedAfterOnePoll() async throws {
        try await GatewayHarness.with { harness in
            let revoked = harness.token(jti: "jti-revoked"), other = harness.token()
            #expect(try await harness.call("GET", "/api/v1/products", token: revoked).status == 200) // now in the verifier's cache
            harness.identity.revoke("jti-revoked", until: Int64(Date().timeIntervalSince1970) + 900)
            #expect(try await harness.follower.poll() == 1)
            let refused = try await harness.call("GET", "/api/v1/products", token: revoked)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_TOKEN_INVALID")
            #expect(refused.json?["error"]?["message"] == .string("Authentication token has been revoked"))
            #expect(refused.headers["www-authenticate"] != nil)
            #expect(try await harness.call("GET", "/api/v1/products", token: other).status == 200)
        }
    }

    @Test func aTokenOfARevokedSession_isAUTH_SESSION_EXPIRED() async throws {
        try await GatewayHarness.with { harness in
            let token = harness.token(sessionId: "session-1")
            #expect(try await harness.call("GET", "/api/v1/products", token: token).status == 200)
            harness.identity.revoke("session-1", until: Int64(Date().timeIntervalSince1970) + 900)
            try await harness.follower.poll()
            let refused = try await harness.call("GET", "/api/v1/products", token: token)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_SESSION_EXPIRED")
            #expect(try await harness.call("GET", "/api/v1/products", token: harness.token(sessionId: "session-2")).status == 200)
        }
    }

    @Test func pollsAfterTheCursor_andForgetEntriesAfterTheirUntil() async throws {
        let identity = ScriptedIdentity()
        let clock = Mutex<Int64>(1_000)
        try await withTestServer(services: [identity.serviceDefinition]) { server in
            let client = try makeClient(for: server, identity: "gateway")
            defer { client.close() }
            let list = RevocationList()
            let follower = RevocationFollower(identity: client, list: list, now: { clock.withLock { $0 } })
            identity.revoke("a", until: 1_100)
            identity.revoke("b", until: 2_000)
            #expect(try await follower.poll() == 2)
            #expect(list.contains("a") && list.contains("b"))
            #expect(try await follower.poll() == 0, "the cursor asks only for newer entries")
            clock.withLock { $0 = 1_101 }
            identity.revoke("c", until: 3_000)
            #expect(try await follower.poll() == 1)
            #expect(!list.contains("a"), "past its until, every token it named has expired")
            #expect(list.contains("b") && list.contains("c"))
            #expect(list.count == 2)
        }
    }

    @Test func whenIdentityDoesNotAnswer_theListIsKept() async throws {
        // A port nothing listens on.
        let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:9", tls: TestCertificates.shared.tls("gateway"),
                                                                   connectTimeout: .milliseconds(300)))
        defer { client.close() }
        let list = RevocationList()
        list.add("kept", until: Int64(Date().timeIntervalSince1970) + 900)
        let follower = RevocationFollower(identity: client, list: list)
        await #expect(throws: (any Error).self) { try await follower.poll() }
        #expect(list.contains("kept"))
    }

    @Test func theLoopPollsEveryIntervalUntilCancelled() async throws {
        let identity = ScriptedIdentity()
        try await withTestServer(services: [identity.serviceDefinition]) { server in
            let client = try makeClient(for: server, identity: "gateway")
            defer { client.close() }
            let list = RevocationList()
            let follower = RevocationFollower(identity: client, list: list, interval: .milliseconds(20))
            let loop = Task { await follower.run() }
            identity.revoke("late", until: Int64(Date().timeIntervalSince1970) + 900)
            // Bounded wait for the loop (not a fixed sleep): it polls every 20 ms.
            for _ in 0..<250 where !list.contains("late") { try await Task.sleep(for: .milliseconds(20)) }
            loop.cancel()
            await loop.value
            #expect(list.contains("late"))
            #expect(identity.revocationPolls >= 1)
        }
    }
}
