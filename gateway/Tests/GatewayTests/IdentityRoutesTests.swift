import Foundation
import IdentityAPI
import ProtoJSON
import Testing
@testable import Gateway

/// The auth routes of 003 §2.5 (and 001's login) through a real gateway to a ScriptedIdentity:
/// public, forwarded with the connection's address and agent, and the login limited per address.
@Suite struct IdentityRoutesTests {
    static let agent = ("User-Agent", "cerniq-test/1.0 (login)")

    @Test func login_forwardsTheCredentialsAndTheConnectionsAddressAndAgent_withoutACaller() async throws {
        try await GatewayHarness.with { harness in
            let reply = try await harness.call("POST", "/api/v1/auth/login", json: #"{"email":"ana@example.com","password":"s3cret!","deviceId":"laptop"}"#,
                                               token: .some(nil), headers: [Self.agent, ("X-Request-Id", "req-login-1")])
            #expect(reply.status == 200)
            #expect(reply.data?["accessToken"] == .string("access.jwt.token"))
            #expect(reply.data?["refreshToken"] == .string("refresh-1"))
            #expect(reply.data?["expiresIn"] == .integer(900))
            #expect(reply.data?["tokenType"] == .string("Bearer"))
            #expect(reply.data?["user"]?["tenantName"] == .string("Demo"))
            #expect(reply.data?["user"]?["roles"] == .array([.string("admin")]))
            #expect(reply.headers["x-ratelimit-limit"] == "5")
            #expect(reply.headers["x-ratelimit-remaining"] == "4")
            let received = try #require(harness.identity.logins.last)
            #expect(received.request.email == "ana@example.com")
            #expect(received.request.password == "s3cret!")
            #expect(received.request.deviceId == "laptop")
            #expect(received.request.ipAddress == "127.0.0.1")
            #expect(received.request.userAgent == "cerniq-test/1.0 (login)")
            #expect(received.requestID == "req-login-1")
            #expect(!received.hadCaller, "a public call carries no tenant or principal")
        }
    }

    @Test func login_ignoresAnyAuthorizationHeader() async throws {
        try await GatewayHarness.with { harness in
            let reply = try await harness.call("POST", "/api/v1/auth/login", json: #"{"email":"a@example.com","password":"p"}"#, token: "not-a-jwt")
            #expect(reply.status == 200)
            #expect(harness.identity.logins.last?.hadCaller == false)
        }
    }

    @Test func theOldLoginPath_answersIn001sShape() async throws {
        try await GatewayHarness.with { harness in
            let reply = try await harness.call("POST", "/api/auth/login", json: #"{"email":"a@example.com","password":"p"}"#,
                                               token: .some(nil), headers: [Self.agent])
            #expect(reply.status == 200)
            #expect(reply.json?["success"] == .bool(true))
            #expect(reply.json?["token"] == .string("access.jwt.token"))
            #expect(reply.json?["user"]?["tenant_id"] == .string("t1"))
            #expect(reply.json?["data"] == nil, "001's answer has no envelope")
            #expect(harness.identity.logins.last?.request.ipAddress == "127.0.0.1")
        }
    }

    @Test func serverSetFieldsInTheBody_areUnknownFields() async throws {
        try await GatewayHarness.with { harness in
            let login = try await harness.call("POST", "/api/v1/auth/login", json: #"{"email":"a@example.com","password":"p","ipAddress":"10.9.9.9"}"#,
                                               token: .some(nil))
            #expect(login.status == 400)
            #expect(login.errorCode == "VAL_UNKNOWN_FIELD")
            #expect(login.json?["error"]?["field"] == .string("ipAddress"))
            let refresh = try await harness.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"r","userAgent":"spoofed"}"#, token: .some(nil))
            #expect(refresh.status == 400)
            #expect(refresh.json?["error"]?["field"] == .string("userAgent"))
            #expect(harness.identity.logins.isEmpty && harness.identity.refreshes.isEmpty)
        }
    }

    @Test func theSixthLoginInAMinuteFromOneAddress_is429_untilTheNextWindow() async throws {
        // 1_800_000_000 is a multiple of 60: the window runs to 1_800_000_060.
        let clock = ManualClock(milliseconds: 1_800_000_000_000 + 10_000)
        try await GatewayHarness.with(limitClock: clock.now) { harness in
            let body = #"{"email":"a@example.com","password":"p"}"#
            // The old path shares the counter: it is the same login.
            for (index, path) in ["/api/v1/auth/login", "/api/auth/login", "/api/v1/auth/login", "/api/auth/login", "/api/v1/auth/login"].enumerated() {
                let reply = try await harness.call("POST", path, json: body, token: .some(nil))
                #expect(reply.status == 200, "login \(index + 1)")
                #expect(reply.headers["x-ratelimit-remaining"] == String(4 - index))
            }
            let limited = try await harness.call("POST", "/api/v1/auth/login", json: body, token: .some(nil))
            #expect(limited.status == 429)
            #expect(limited.errorCode == "RATE_LIMIT_EXCEEDED")
            #expect(limited.json?["error"]?["message"] == .string("Rate limit exceeded. Try again in 50 seconds."))
            #expect(limited.json?["error"]?["details"] == .object([.init("limit", .integer(5)), .init("window", .string("1 minute")),
                                                                   .init("retryAfter", .integer(50))]))
            #expect(limited.json?["error"]?["requestId"] != nil)
            #expect(limited.headers["retry-after"] == "50")
            #expect(limited.headers["x-ratelimit-limit"] == "5")
            #expect(limited.headers["x-ratelimit-remaining"] == "0")
            #expect(limited.headers["x-ratelimit-reset"] == "1800000060")
            #expect(limited.headers["x-ratelimit-window"] == "60")
            #expect(harness.identity.logins.count == 5, "a refused login never reaches Identity")

            // Refresh is not the login: not limited, no limit headers.
            let refresh = try await harness.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"r"}"#, token: .some(nil))
            #expect(refresh.status == 200)
            #expect(refresh.headers["x-ratelimit-limit"] == nil)

            clock.milliseconds = 1_800_000_060_000
            let next = try await harness.call("POST", "/api/v1/auth/login", json: body, token: .some(nil))
            #expect(next.status == 200)
            #expect(next.headers["x-ratelimit-remaining"] == "4")
            #expect(next.headers["x-ratelimit-reset"] == "1800000120")
        }
    }

    @Test func refreshAndLogout_areForwardedWithoutAToken() async throws {
        try await GatewayHarness.with { harness in
            let refresh = try await harness.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"refresh-1"}"#,
                                                 token: .some(nil), headers: [Self.agent])
            #expect(refresh.status == 200)
            #expect(refresh.data?["accessToken"] == .string("access.jwt.token2"))
            #expect(refresh.data?["refreshToken"] == .string("refresh-2"))
            let refreshed = try #require(harness.identity.refreshes.last)
            #expect(refreshed.request == RefreshRequest(refreshToken: "refresh-1", ipAddress: "127.0.0.1", userAgent: "cerniq-test/1.0 (login)"))
            #expect(!refreshed.hadCaller)

            let logout = try await harness.call("POST", "/api/v1/auth/logout", json: #"{"refreshToken":"refresh-2","allDevices":true}"#, token: .some(nil))
            #expect(logout.status == 200)
            #expect(logout.data?["sessionsEnded"] == .integer(3))
            #expect(harness.identity.logouts.last?.request == LogoutRequest(refreshToken: "refresh-2", allDevices: true))

            let missing = try await harness.call("POST", "/api/v1/auth/logout", json: #"{"allDevices":true}"#, token: .some(nil))
            #expect(missing.status == 422)
            #expect(missing.errorCode == "VAL_REQUIRED_FIELD")
        }
    }

    @Test func catalogRoutesStillNeedATokenBesideThePublicOnes() async throws {
        try await GatewayHarness.with { harness in
            let anonymous = try await harness.call("GET", "/api/v1/products", token: .some(nil))
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "AUTH_TOKEN_MISSING")
            let invalid = try await harness.call("GET", "/api/v1/products", token: "not-a-jwt")
            #expect(invalid.errorCode == "AUTH_TOKEN_INVALID")
            let signedIn = try await harness.call("GET", "/api/v1/products")
            #expect(signedIn.status == 200)
            // The tenant's read limit (003 §16.2: 100, burst 150 for a quiet tenant), not the login's per-address one.
            #expect(signedIn.headers["x-ratelimit-limit"] == "150")
            #expect(signedIn.headers["ratelimit-policy"]?.hasPrefix(#""read";q=100;w=60"#) == true)
        }
    }

    @Test func readinessAsksIdentityToo() async throws {
        try await GatewayHarness.with { harness in
            let ready = try await harness.call("GET", "/health/ready", token: .some(nil))
            #expect(ready.status == 200)
            #expect(ready.data?["upstreams"]?["identity"]?["status"] == .string("serving"))
            #expect(ready.data?["upstreams"]?["catalog"]?["status"] == .string("serving"))
        }
    }
}
