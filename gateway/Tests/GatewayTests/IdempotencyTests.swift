import Foundation
import GatewayAuth
import GatewayHTTP
import GatewayServer
import ProtoJSON
import RPC
import RPCTestKit
import Synchronization
import Testing

@testable import Gateway

/// `Idempotency-Key` over real HTTP, a real catalog and the gateway's schema in the test
/// PostgreSQL (gateway/README.md §Idempotency keys): replays, concurrent retries on one
/// replica and across two, expiry, the refusals, and what is kept.
@Suite struct IdempotencyTests {
    static func product(_ sku: String) -> String { ProductsRoutesTests.product(sku) }

    static func key() -> (String, String) { (IdempotencyKey.header, UUID().uuidString) }

    /// The products of the harness's tenant.
    static func productCount(_ h: GatewayHarness) async throws -> Int {
        let list = try await h.call("GET", "/api/v1/products")
        #expect(list.status == 200)
        return list.data?.arrayValue?.count ?? -1
    }

    /// A token whose caller the test knows, to claim its keys in the store directly.
    static func token(_ h: GatewayHarness, user: String) -> String {
        let now = Int64(Date().timeIntervalSince1970)
        return GatewayHarness.signingKey.sign(AccessTokenClaims(sub: user, tenantId: h.tenant, roles: ["admin"], iat: now, exp: now + 900,
                                                                jti: UUID().uuidString))
    }

    /// What the gateway fingerprints for `POST target` with `json`, as GatewayHarness.call sends it.
    static func fingerprint(_ target: String, json: String) -> [UInt8] {
        let head = HTTPRequestHead(method: "POST", target: target, version: .http1_1, headers: HTTPHeaders(), framing: .contentLength(json.utf8.count),
                                   keepAlive: true, expectsContinue: false)
        return RequestFingerprint.of(HTTPRequest(head: head, body: Array(json.utf8)))
    }

    @Test func aRetry_getsTheFirstAnswer_andActsOnce() async throws {
        try await GatewayHarness.with { h in
            let token = h.token(), key = Self.key()
            let first = try await h.call("POST", "/api/v1/products", json: Self.product("I-1"), token: .some(token), headers: [key])
            #expect(first.status == 201)
            #expect(first.headers["idempotent-replayed"] == nil)
            let retry = try await h.call("POST", "/api/v1/products", json: Self.product("I-1"), token: .some(token), headers: [key])
            #expect(retry.status == 201)
            #expect(retry.body == first.body, "the first answer, byte for byte (its meta names the first request)")
            #expect(retry.headers["idempotent-replayed"] == "true")
            #expect(retry.headers["content-type"] == first.headers["content-type"])
            #expect(retry.headers["x-request-id"] != first.headers["x-request-id"], "the retry has its own request id")
            #expect(retry.headers["x-ratelimit-limit"] != nil, "a replay still counts against the limits")
            #expect(try await Self.productCount(h) == 1)
        }
    }

    @Test func theSameKeyWithAnotherRequest_is422() async throws {
        try await GatewayHarness.with { h in
            let token = h.token(), key = Self.key()
            #expect(try await h.call("POST", "/api/v1/products", json: Self.product("I-2"), token: .some(token), headers: [key]).status == 201)
            let other = try await h.call("POST", "/api/v1/products", json: Self.product("I-3"), token: .some(token), headers: [key])
            #expect(other.status == 422)
            #expect(other.errorCode == "VAL_DUPLICATE")
            #expect(other.json?["error"]?["field"] == .string("Idempotency-Key"))
            #expect(other.string(other.json?["error"]?["message"]) == "This Idempotency-Key was already used with a different request")
            let elsewhere = try await h.call("POST", "/api/v1/products/search", json: #"{"query":"I-2"}"#, token: .some(token), headers: [key])
            #expect(elsewhere.status == 422, "another path is another request")
            #expect(try await Self.productCount(h) == 1)
        }
    }

    /// The issue's test: concurrent retries on one replica create one product and all get its answer.
    @Test func concurrentRetriesOnOneReplica_actOnce_andAgree() async throws {
        try await GatewayHarness.with { h in
            let token = h.token(), key = Self.key()
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await h.call("POST", "/api/v1/products", json: Self.product("C-1"), token: .some(token), headers: [key]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 201 }, "\(replies.map(\.status))")
            #expect(Set(replies.map(\.body)).count == 1, "every answer is the first one")
            #expect(replies.filter { $0.headers["idempotent-replayed"] == nil }.count == 1)
            #expect(try await Self.productCount(h) == 1)
        }
    }

    @Test func concurrentRetriesAcrossTwoReplicas_actOnce_andAgree() async throws {
        let store = try await GatewayHarness.idempotencyStore()
        try await GatewayHarness.with(idempotency: [Idempotency(store: store), Idempotency(store: store)]) { h in
            let token = h.token(), key = Self.key()
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await h.call("POST", "/api/v1/products", json: Self.product("C-2"), token: .some(token), headers: [key], replica: index % 2)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 201 }, "\(replies.map(\.status))")
            #expect(Set(replies.map(\.body)).count == 1)
            #expect(try await Self.productCount(h) == 1)
        }
    }

    @Test func aRetryOnAnotherReplica_replays() async throws {
        let store = try await GatewayHarness.idempotencyStore()
        try await GatewayHarness.with(idempotency: [Idempotency(store: store), Idempotency(store: store)]) { h in
            let token = h.token(), key = Self.key()
            let first = try await h.call("POST", "/api/v1/products", json: Self.product("R-1"), token: .some(token), headers: [key], replica: 0)
            #expect(first.status == 201)
            let retry = try await h.call("POST", "/api/v1/products", json: Self.product("R-1"), token: .some(token), headers: [key], replica: 1)
            #expect(retry.status == 201)
            #expect(retry.body == first.body)
            #expect(retry.headers["idempotent-replayed"] == "true")
            #expect(try await Self.productCount(h) == 1)
        }
    }

    /// Another replica's attempt in progress (claimed in the store here): the retry waits for
    /// its answer rather than acting.
    @Test func whileAnotherReplicaRuns_aRetryWaitsForItsAnswer() async throws {
        let store = WatchedStore(try await GatewayHarness.idempotencyStore())
        let clock = ManualClock(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        try await GatewayHarness.with(idempotency: [Idempotency(store: store, now: clock.now)]) { h in
            let user = UUID().uuidString, key = UUID().uuidString, json = Self.product("W-1")
            let scope = IdempotencyKey(tenant: h.tenant, caller: "user:" + user, key: key)
            let lock = clock.milliseconds + 60_000
            let claimed = try await store.claim(scope, fingerprint: Self.fingerprint("/api/v1/products", json: json), lockedUntil: lock,
                                                expiresAt: clock.milliseconds + Idempotency.retention, at: clock.milliseconds)
            #expect(claimed == .claimed)
            let retry = Task {
                try await h.call("POST", "/api/v1/products", json: json, token: .some(Self.token(h, user: user)), headers: [(IdempotencyKey.header, key)])
            }
            await store.firstRunning()
            let kept = StoredResponse(status: 201, headers: [.init(name: "Content-Type", value: "application/json")], body: Array(#"{"kept":true}"#.utf8))
            #expect(try await store.complete(scope, lockedUntil: lock, response: kept))
            let reply = try await retry.value
            #expect(reply.status == 201)
            #expect(reply.text == #"{"kept":true}"#)
            #expect(reply.headers["idempotent-replayed"] == "true")
            #expect(try await Self.productCount(h) == 0, "the retry did not act")
        }
    }

    /// Once the wait passes (the route's deadline, shortened here: the test client reads for
    /// 10 s at most): 409 RES_LOCKED with Retry-After. Then, once the claim's lock has passed
    /// (its replica died), a retry takes the key over and acts.
    @Test func aClaimThatNeverAnswers_is409_untilItsLockPasses() async throws {
        let store = try await GatewayHarness.idempotencyStore()
        let clock = ManualClock(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        try await GatewayHarness.with(idempotency: [Idempotency(store: store, now: clock.now, wait: .milliseconds(500))]) { h in
            let user = UUID().uuidString, key = UUID().uuidString, json = Self.product("L-1")
            let scope = IdempotencyKey(tenant: h.tenant, caller: "user:" + user, key: key)
            let lock = clock.milliseconds + 20_000
            #expect(try await store.claim(scope, fingerprint: Self.fingerprint("/api/v1/products", json: json), lockedUntil: lock,
                                          expiresAt: clock.milliseconds + Idempotency.retention, at: clock.milliseconds) == .claimed)
            let headers = [(IdempotencyKey.header, key)]
            let locked = try await h.call("POST", "/api/v1/products", json: json, token: .some(Self.token(h, user: user)), headers: headers)
            #expect(locked.status == 409)
            #expect(locked.errorCode == "RES_LOCKED")
            #expect(locked.string(locked.json?["error"]?["message"]) == "A request with this Idempotency-Key is still being processed")
            #expect(locked.headers["retry-after"] == "1")
            clock.milliseconds = lock
            let taken = try await h.call("POST", "/api/v1/products", json: json, token: .some(Self.token(h, user: user)), headers: headers)
            #expect(taken.status == 201)
            #expect(taken.headers["idempotent-replayed"] == nil)
            #expect(try await Self.productCount(h) == 1)
        }
    }

    @Test func keysExpireAfter24Hours() async throws {
        let clock = ManualClock(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let store = try await GatewayHarness.idempotencyStore()
        try await GatewayHarness.with(idempotency: [Idempotency(store: store, now: clock.now)]) { h in
            let token = h.token(), key = Self.key()
            let first = try await h.call("POST", "/api/v1/products", json: Self.product("E-1"), token: .some(token), headers: [key])
            #expect(first.status == 201)
            clock.advance(milliseconds: Idempotency.retention - 1)
            #expect(try await h.call("POST", "/api/v1/products", json: Self.product("E-1"), token: .some(token), headers: [key]).headers["idempotent-replayed"] == "true")
            clock.advance(milliseconds: 1)
            // Expired: the key is free again, so the request acts (a second product under another SKU).
            let again = try await h.call("POST", "/api/v1/products", json: Self.product("E-2"), token: .some(token), headers: [key])
            #expect(again.status == 201)
            #expect(again.headers["idempotent-replayed"] == nil)
            #expect(try await Self.productCount(h) == 2)
        }
    }

    @Test func aMalformedKey_is400_andOtherRoutesIgnoreTheHeader() async throws {
        try await GatewayHarness.with { h in
            for bad in [String(repeating: "k", count: 256), "a\tb", "cheie-\u{219}"] {
                let reply = try await h.call("POST", "/api/v1/products", json: Self.product("M-1"), headers: [(IdempotencyKey.header, bad)])
                #expect(reply.status == 400, "\(bad.debugDescription)")
                #expect(reply.errorCode == "VAL_INVALID_FORMAT")
                #expect(reply.json?["error"]?["field"] == .string("Idempotency-Key"))
            }
            let twice = try await h.call("POST", "/api/v1/products", json: Self.product("M-1"),
                                         headers: [(IdempotencyKey.header, "a"), (IdempotencyKey.header, "b")])
            #expect(twice.status == 400)
            #expect(try await h.call("POST", "/api/v1/products", json: Self.product("M-1"),
                                     headers: [(IdempotencyKey.header, String(repeating: "k", count: 255))]).status == 201)
            // Not a POST: the header means nothing.
            #expect(try await h.call("GET", "/api/v1/products", headers: [(IdempotencyKey.header, "a\tb")]).status == 200)
        }
    }

    @Test func aRequestRefusedBeforeTheCall_doesNotHoldItsKey() async throws {
        try await GatewayHarness.with { h in
            let token = h.token(), key = Self.key()
            let malformed = try await h.call("POST", "/api/v1/products", json: #"{"sku": "#, token: .some(token), headers: [key])
            #expect(malformed.status == 400)
            let missing = try await h.call("POST", "/api/v1/products", json: #"{"sku":"X"}"#, token: .some(token), headers: [key])
            #expect(missing.status == 422)
            #expect(missing.errorCode == "VAL_MULTIPLE_ERRORS", "not the key's 422: the binding refused it, and it held no key")
            let created = try await h.call("POST", "/api/v1/products", json: Self.product("F-1"), token: .some(token), headers: [key])
            #expect(created.status == 201)
            #expect(created.headers["idempotent-replayed"] == nil)
        }
    }

    /// The service's own refusal is an answer: kept, and replayed even once it would no longer apply.
    @Test func theServicesRefusal_isKept() async throws {
        try await GatewayHarness.with { h in
            let token = h.token(), key = Self.key()
            let existing = try #require(try await h.call("POST", "/api/v1/products", json: Self.product("K-1")).data?["id"]?.stringValue)
            let duplicate = try await h.call("POST", "/api/v1/products", json: Self.product("K-1"), token: .some(token), headers: [key])
            #expect(duplicate.status == 409)
            #expect(try await h.call("DELETE", "/api/v1/products/\(existing)?hard=true&cascade=true").status == 204)
            let retry = try await h.call("POST", "/api/v1/products", json: Self.product("K-1"), token: .some(token), headers: [key])
            #expect(retry.status == 409)
            #expect(retry.body == duplicate.body)
            #expect(retry.headers["idempotent-replayed"] == "true")
        }
    }

    @Test func keysOfTwoCallersOrTwoTenants_doNotMeet() async throws {
        try await GatewayHarness.with { h in
            let key = Self.key()
            let first = try await h.call("POST", "/api/v1/products", json: Self.product("T-1"), token: .some(h.token()), headers: [key])
            #expect(first.status == 201)
            // Another user of the tenant, another request under the same key: its own, not a 422.
            let otherUser = try await h.call("POST", "/api/v1/products", json: Self.product("T-2"), token: .some(h.token()), headers: [key])
            #expect(otherUser.status == 201)
            #expect(otherUser.headers["idempotent-replayed"] == nil)
            let otherTenant = try await h.call("POST", "/api/v1/products", json: Self.product("T-1"),
                                               token: .some(h.token(tenant: UUID().uuidString.lowercased())), headers: [key])
            #expect(otherTenant.status == 201)
            #expect(otherTenant.headers["idempotent-replayed"] == nil)
            #expect(otherTenant.data?["id"] != first.data?["id"])
            #expect(try await Self.productCount(h) == 2)
        }
    }

    /// 503 means the service did not take the request: the key is given back, so a retry runs afresh.
    @Test func anUnavailableService_releasesTheKey() async throws {
        let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:9", tls: TestCertificates.shared.tls("gateway"),
                                                                   connectTimeout: .milliseconds(500)))
        defer { client.close() }
        let store = InMemoryIdempotencyStore()
        let signing = TokenSigningKey.generate(kid: "k")
        let gateway = try Gateway(routes: UpstreamFailureTests.catalogRoutes, registry: RESTSurface.registry,
                                  upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: client)],
                                  authenticator: TokenAuthenticator(verifier: TokenVerifier(keys: ["k": signing.publicKeyPEM])),
                                  idempotency: Idempotency(store: store))
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: gateway)
        let now = Int64(Date().timeIntervalSince1970)
        let token = signing.sign(AccessTokenClaims(sub: "u", tenantId: UUID().uuidString.lowercased(), roles: ["admin"], iat: now, exp: now + 600,
                                                   jti: UUID().uuidString))
        let port = server.port, body = Array(Self.product("U-1").utf8)
        let reply = try await runBlocking {
            try TestHTTPClient(port: port).request("POST", "/api/v1/products", headers: [("Authorization", "Bearer \(token)"),
                                                                                         ("Content-Type", "application/json"), Self.key()], body: body)
        }
        await server.close()
        #expect(reply.status == 503)
        #expect(store.count == 0)
    }

    /// The document offers the header where the gateway honours it, and only there.
    @Test func theDocumentDescribesTheHeader_onAuthenticatedPOSTsOnly() {
        func header(_ method: String, _ path: String) -> JSONValue? {
            OpenAPIDocumentTests.document["paths"]?[path]?[method]?["parameters"]?.arrayValue?.first { $0["in"] == .string("header") }
        }
        let parameter = header("post", "/api/v1/products")
        #expect(parameter?["name"] == .string("Idempotency-Key"))
        #expect(parameter?["required"] == .bool(false))
        #expect(parameter?["schema"]?["maxLength"] == .integer(255))
        #expect(header("post", "/api/v1/stock/{productId}/adjust") != nil)
        #expect(header("get", "/api/v1/products") == nil)
        #expect(header("patch", "/api/v1/products/{id}") == nil)
        #expect(header("post", "/api/v1/auth/login") == nil, "public routes ignore it")
    }

    // MARK: The stores and the kept answer, without HTTP

    /// The `IdempotencyStore` contract, for both stores. Times are in 1970 so that `purge`
    /// touches no other test's keys in the shared schema.
    static func checkContract(_ store: any IdempotencyStore) async throws {
        let key = IdempotencyKey(tenant: UUID().uuidString, caller: "user:u", key: "k")
        let a: [UInt8] = Array(repeating: 1, count: 32), b: [UInt8] = Array(repeating: 2, count: 32)
        let t0: Int64 = 1_000_000, day = Idempotency.retention
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: t0 + 20_000, expiresAt: t0 + day, at: t0) == .claimed)
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: t0 + 20_001, expiresAt: t0 + day, at: t0 + 1) == .running)
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: t0 + 20_001, expiresAt: t0 + day, at: t0 + 1) == .differentRequest)
        // The lock passed: only the same request takes the claim over.
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: t0 + 40_000, expiresAt: t0 + day, at: t0 + 20_000) == .differentRequest)
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: t0 + 40_000, expiresAt: t0 + 20_000 + day, at: t0 + 20_000) == .claimed)
        let kept = StoredResponse(status: 201, headers: [.init(name: "Content-Type", value: "application/json; charset=utf-8"), .init(name: "Retry-After", value: "1")],
                                  body: Array(#"{"success":true}"#.utf8))
        #expect(try await store.complete(key, lockedUntil: t0 + 20_000, response: kept) == false, "the first claim was taken over")
        #expect(try await store.complete(key, lockedUntil: t0 + 40_000, response: kept))
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: t0 + 60_000, expiresAt: t0 + day, at: t0 + 50_000) == .completed(kept))
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: t0 + 60_000, expiresAt: t0 + day, at: t0 + 50_000) == .differentRequest)
        // Expired: absent, whatever the request.
        let later = t0 + 20_000 + day
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: later + 20_000, expiresAt: later + day, at: later) == .claimed)
        try await store.release(key, lockedUntil: later + 1)
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: later + 20_001, expiresAt: later + day, at: later + 1) == .running,
                "a release naming another claim changes nothing")
        try await store.release(key, lockedUntil: later + 20_000)
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: later + 20_002, expiresAt: later + day, at: later + 2) == .claimed)
        let unkept = StoredResponse(status: 201, headers: [], body: nil)
        #expect(try await store.complete(key, lockedUntil: later + 20_002, response: unkept))
        #expect(try await store.claim(key, fingerprint: a, lockedUntil: later + 20_003, expiresAt: later + day, at: later + 3) == .completed(unkept))
        try await store.purge(at: later + day)
        #expect(try await store.claim(key, fingerprint: b, lockedUntil: later + day + 20_000, expiresAt: later + 2 * day, at: later + day) == .claimed)
        try await store.purge(at: later + 2 * day)
    }

    @Test func inMemoryStore_keepsTheContract() async throws {
        let store = InMemoryIdempotencyStore()
        try await Self.checkContract(store)
        #expect(store.count == 0)
    }

    @Test func postgresStore_keepsTheContract() async throws {
        try await Self.checkContract(try await GatewayHarness.idempotencyStore())
    }

    @Test func inMemoryStore_forgetsTheAnsweredKeysThatExpireFirst_beyondItsCapacity() async throws {
        let store = InMemoryIdempotencyStore(capacity: 2)
        let kept = StoredResponse(status: 201, headers: [], body: [1])
        for index in 0..<3 {
            let key = IdempotencyKey(tenant: "t", caller: "user:u", key: "k\(index)")
            #expect(try await store.claim(key, fingerprint: [1], lockedUntil: 10, expiresAt: 100 + Int64(index), at: 0) == .claimed)
            if index < 2 { #expect(try await store.complete(key, lockedUntil: 10, response: kept)) }
        }
        #expect(store.count == 2)
        #expect(try await store.claim(IdempotencyKey(tenant: "t", caller: "user:u", key: "k0"), fingerprint: [1], lockedUntil: 10,
                                      expiresAt: 100, at: 1) == .claimed, "the earliest to expire went first")
        #expect(try await store.claim(IdempotencyKey(tenant: "t", caller: "user:u", key: "k2"), fingerprint: [1], lockedUntil: 10,
                                      expiresAt: 100, at: 1) == .running, "a running key is never forgotten early")
    }

    @Test func anAnswerTooLargeToKeep_isReplayedAs409() {
        let response = HTTPResponse(status: 201, headers: [(name: "Content-Type", value: "application/json"), (name: "X-Request-Id", value: "req_1"),
                                                           (name: "Server-Timing", value: "gateway;dur=1")], body: Array("12345".utf8))
        let whole = StoredResponse(response)
        #expect(whole.headers == [.init(name: "Content-Type", value: "application/json")], "the first request's id and timing are not kept")
        #expect(StoredResponse.headers(lines: whole.headerLines) == whole.headers)
        let meta = Envelope.Meta(requestID: "req_2", startedAt: 0)
        #expect(whole.replay(meta: meta).header("X-Request-Id") == "req_2")
        let cut = StoredResponse(response, limit: 4)
        #expect(cut.body == nil)
        let replay = cut.replay(meta: meta)
        #expect(replay.status == 409)
        #expect(replay.header("Idempotent-Replayed") == "true")
        let json = try? JSONParser.parse(replay.body)
        #expect(json?["error"]?["code"] == .string("RES_ALREADY_EXISTS"))
    }
}

/// The Postgres store, reporting when a claim first finds another attempt running.
final class WatchedStore: IdempotencyStore {
    let inner: any IdempotencyStore
    private let running: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(_ inner: any IdempotencyStore) {
        self.inner = inner
        (running, continuation) = AsyncStream<Void>.makeStream()
    }

    /// Returns once some claim has found the key running.
    func firstRunning() async {
        for await _ in running { return }
    }

    func claim(_ key: IdempotencyKey, fingerprint: [UInt8], lockedUntil: Int64, expiresAt: Int64, at time: Int64) async throws -> IdempotencyClaim {
        let claim = try await inner.claim(key, fingerprint: fingerprint, lockedUntil: lockedUntil, expiresAt: expiresAt, at: time)
        if claim == .running { continuation.yield() }
        return claim
    }
    func complete(_ key: IdempotencyKey, lockedUntil: Int64, response: StoredResponse) async throws -> Bool {
        try await inner.complete(key, lockedUntil: lockedUntil, response: response)
    }
    func release(_ key: IdempotencyKey, lockedUntil: Int64) async throws { try await inner.release(key, lockedUntil: lockedUntil) }
    func purge(at time: Int64) async throws { try await inner.purge(at: time) }
}
