import Foundation
@testable import Gateway
import RPCTestKit
import Testing

/// The noisy-neighbour test of issue 6 (gateway/README.md §Noisy neighbours), over real HTTP:
/// a tenant holding its requests in flight (ChangePassword calls that `ScriptedIdentity` keeps
/// waiting) is refused beyond its limit while another tenant passes; its places come back when
/// its requests are answered, whether or not their clients stayed; past the high-water mark the
/// tenant above its share is shed with 503 while the quiet one is served. Behaviour, not timings.
@Suite struct NoisyNeighbourTests {
    static let change = #"{"currentPassword":"Old-password-1","newPassword":"New-password-2"}"#

    /// Waits (at most 10 s) until `condition` holds: an answer the server finishes after the
    /// client stopped listening has nobody to tell the test.
    func until(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(condition(), "\(what) within 10 s")
    }

    /// Starts `count` ChangePassword requests that stay in flight until `releaseHeld()`.
    func hold(_ count: Int, _ h: GatewayHarness, token: String) async throws -> [Task<Reply, any Error>] {
        let before = h.identity.heldCalls
        let calls = (0..<count).map { _ in
            Task { try await h.call("POST", "/api/v1/auth/password", json: Self.change, token: .some(token)) }
        }
        try await until("\(count) calls held") { h.identity.heldCalls == before + count }
        return calls
    }

    /// A ChangePassword request on a connection of its own whose answer is never read;
    /// `complete: false` sends the head and only part of the body, so the request holds its
    /// place without reaching Identity. `abandon` closes the connection.
    func send(_ h: GatewayHarness, token: String, complete: Bool) async throws -> TestHTTPClient {
        let port = h.port, body = Array(Self.change.utf8)
        let head = "POST /api/v1/auth/password HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + (complete ? body : Array(body.prefix(10)))
        return try await runBlocking {
            let client = try TestHTTPClient(port: port)
            try client.send(bytes)
            return client
        }
    }

    /// The client goes away: the server reads the end of the stream, as when a process dies.
    func abandon(_ client: TestHTTPClient) { shutdown(client.fd, Int32(SHUT_RDWR)) }

    @Test func aTenantAtItsLimitGets429_anotherTenantPasses_andItsPlacesComeBackWhenAnswered() async throws {
        let identity = ScriptedIdentity()
        try await GatewayHarness.with(identity: identity, concurrency: ConcurrencyPolicy(perTenant: 2, capacity: 0)) { h in
            let a = h.token(), b = h.token(tenant: UUID().uuidString.lowercased())
            identity.holdPasswordChanges()
            defer { identity.releaseHeld() }
            let held = try await hold(2, h, token: a)
            #expect(h.gateway.concurrency.inFlight(tenant: h.tenant) == 2)

            let refused = try await h.call("GET", "/api/v1/vat-rates", token: .some(a))
            #expect(refused.status == 429)
            #expect(refused.errorCode == "RATE_LIMIT_EXCEEDED")
            #expect(refused.headers["retry-after"] == "1")
            #expect(refused.headers["ratelimit-policy"] == #""concurrency";q=2;qu="concurrent-requests""#)
            #expect(refused.headers["ratelimit"] == #""concurrency";r=0;t=1"#)
            let error = refused.json?["error"]
            #expect(refused.string(error?["message"])?.contains("concurrent requests") == true)
            #expect(error?["details"]?["limit"]?.numberText == "2")
            #expect(error?["details"]?["window"]?.stringValue == "concurrent requests")
            #expect(error?["details"]?["retryAfter"]?.numberText == "1")

            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(b)).status == 200, "another tenant is not held back")

            identity.releaseHeld()
            for call in held { #expect(try await call.value.status == 200) }
            // Released before the answer was written, so no waiting here.
            #expect(h.gateway.concurrency.inFlight(tenant: h.tenant) == 0)
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 200)
        }
    }

    @Test func aClientGoneMidFlight_freesItsPlaceWhenTheUpstreamAnswers() async throws {
        let identity = ScriptedIdentity()
        try await GatewayHarness.with(identity: identity, concurrency: ConcurrencyPolicy(perTenant: 1, capacity: 0)) { h in
            let a = h.token()
            identity.holdPasswordChanges()
            defer { identity.releaseHeld() }
            let client = try await send(h, token: a, complete: true)
            try await until("the call held") { identity.heldCalls == 1 }
            abandon(client)
            // The upstream call is still running: its place is still taken.
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 429)
            identity.releaseHeld()
            try await until("the place freed") { h.gateway.concurrency.inFlight(tenant: h.tenant) == 0 }
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 200)
        }
    }

    @Test func aHeadWhoseBodyNeverArrives_freesItsPlaceWhenTheConnectionCloses() async throws {
        try await GatewayHarness.with(concurrency: ConcurrencyPolicy(perTenant: 1, capacity: 0)) { h in
            let a = h.token()
            let client = try await send(h, token: a, complete: false)
            try await until("the head admitted") { h.gateway.concurrency.inFlight(tenant: h.tenant) == 1 }
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 429)
            abandon(client)
            try await until("the place freed") { h.gateway.concurrency.inFlight(tenant: h.tenant) == 0 }
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 200)
        }
    }

    /// Capacity 4, high water 3: tenant A holds 3, so A is past its share and shed (503) while
    /// B is admitted into the room above high water; at capacity everyone is refused.
    @Test func pastHighWater_theTenantAboveItsShareIsShed_whileTheQuietOnePasses() async throws {
        let identity = ScriptedIdentity()
        try await GatewayHarness.with(identity: identity, concurrency: ConcurrencyPolicy(perTenant: 16, capacity: 4)) { h in
            let a = h.token(), b = h.token(tenant: UUID().uuidString.lowercased()), c = h.token(tenant: UUID().uuidString.lowercased())
            identity.holdPasswordChanges()
            defer { identity.releaseHeld() }
            let held = try await hold(3, h, token: a)

            let shed = try await h.call("GET", "/api/v1/vat-rates", token: .some(a))
            #expect(shed.status == 503)
            #expect(shed.errorCode == "SYS_SERVICE_UNAVAILABLE")
            #expect(shed.headers["retry-after"] == "1")
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(b)).status == 200, "B is below its share")

            // B takes the last place (a head without its body): now nobody gets in.
            let quiet = try await send(h, token: b, complete: false)
            try await until("B's head admitted") { h.gateway.concurrency.inFlight == 4 }
            let full = try await h.call("GET", "/api/v1/vat-rates", token: .some(c))
            #expect(full.status == 503 && full.errorCode == "SYS_SERVICE_UNAVAILABLE")
            abandon(quiet)
            try await until("B's place freed") { h.gateway.concurrency.inFlight == 3 }
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(c)).status == 200)

            identity.releaseHeld()
            for call in held { #expect(try await call.value.status == 200) }
            #expect(h.gateway.concurrency.inFlight == 0)
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(a)).status == 200)
        }
    }

    /// One slot to Identity: A's call holds it and three more of A's wait, then B's call comes;
    /// B's goes through second, not after all of A's.
    @Test func withUpstreamSlots_aFloodingTenantWaitsBehindItsOwnCalls_notInFrontOfAnother() async throws {
        let identity = ScriptedIdentity()
        try await GatewayHarness.with(identity: identity, concurrency: ConcurrencyPolicy(perTenant: 16, capacity: 0, upstreamSlots: 1)) { h in
            let other = UUID().uuidString.lowercased()
            let a = h.token(), b = h.token(tenant: other)
            let slots = try #require(h.gateway.upstreams["cerniq.identity.v1.IdentityService"]?.caller as? FairCaller)
            identity.holdPasswordChanges()
            defer { identity.releaseHeld() }
            var calls = try await hold(1, h, token: a)
            for _ in 0..<3 { calls.append(Task { try await h.call("POST", "/api/v1/auth/password", json: Self.change, token: .some(a)) }) }
            try await until("A's three calls queued") { slots.queued == 3 }
            calls.append(Task { try await h.call("POST", "/api/v1/auth/password", json: Self.change, token: .some(b)) })
            try await until("B's call queued") { slots.queued == 4 }

            identity.releaseHeld()
            for call in calls { #expect(try await call.value.status == 200) }
            #expect(identity.passwordChanges == [h.tenant, h.tenant, other, h.tenant, h.tenant])
            #expect(h.gateway.concurrency.inFlight == 0 && slots.queued == 0)
        }
    }

    /// An API key is verified through Identity after the head, so its request is counted with
    /// the public ones until then and moves to its tenant once known, refused if that is full.
    @Test func anApiKeyRequestCountsForItsTenantOnceVerified() async throws {
        try await GatewayHarness.with(realIdentity: true, concurrency: ConcurrencyPolicy(perTenant: 1, capacity: 0)) { h in
            let admin = try await AdminEndToEndTests().adminToken(h)
            let created = try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"sync","scopes":["products:read"]}"#, token: admin)
            let key = try #require(created.data?["key"]?.stringValue)
            let holder = try await send(h, token: admin, complete: false)
            try await until("the head admitted") { h.gateway.concurrency.inFlight(tenant: h.tenant) == 1 }

            let refused = try await h.call("GET", "/api/v1/vat-rates", token: .some(nil), headers: [("X-API-Key", key)])
            #expect(refused.status == 429)
            #expect(h.gateway.concurrency.inFlight == 1, "the refused request's place is given back")
            abandon(holder)
            try await until("the place freed") { h.gateway.concurrency.inFlight == 0 }
            #expect(try await h.call("GET", "/api/v1/vat-rates", token: .some(nil), headers: [("X-API-Key", key)]).status == 200)
            #expect(h.gateway.concurrency.inFlight == 0)
        }
    }
}
