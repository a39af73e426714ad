import Foundation
import ProtoJSON
import Testing

/// The whole path with the real Identity service: log in through the gateway, call the
/// catalog with the token, rotate it, log out, and see the token refused (003 §2.5).
@Suite struct IdentityEndToEndTests {
    @Test func loginCallRefreshLogout_throughTheGateway() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)","deviceId":"laptop"}"#,
                                         token: .some(nil))
            #expect(login.status == 200)
            #expect(login.data?["tokenType"] == .string("Bearer"))
            #expect(login.data?["user"]?["tenantName"] == .string("Gateway Test SRL"))
            let access = try #require(login.data?["accessToken"]?.stringValue)
            let refresh = try #require(login.data?["refreshToken"]?.stringValue)
            #expect(!login.text.contains(GatewayHarness.adminPassword), "the password never comes back")

            let created = try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("E2E-1"), token: access)
            #expect(created.status == 201)

            let wrong = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"nope-nope-1"}"#, token: .some(nil))
            #expect(wrong.status == 401)
            #expect(wrong.errorCode == "AUTH_TOKEN_INVALID")

            let rotated = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#, token: .some(nil))
            #expect(rotated.status == 200)
            let newRefresh = try #require(rotated.data?["refreshToken"]?.stringValue)
            let replay = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#, token: .some(nil))
            #expect(replay.status == 401)
            #expect(replay.errorCode == "AUTH_REFRESH_INVALID")
            // The replay revoked the session: the rotated token is dead too, and after one poll of
            // the revocation feed so is every access token of the session.
            let afterReplay = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(newRefresh)"}"#, token: .some(nil))
            #expect(afterReplay.errorCode == "AUTH_REFRESH_INVALID")
            _ = try await h.follower.poll()
            let refused = try await h.call("GET", "/api/v1/products", token: access)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_SESSION_EXPIRED")

            let again = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                         token: .some(nil))
            let second = try #require(again.data?["refreshToken"]?.stringValue)
            let logout = try await h.call("POST", "/api/v1/auth/logout", json: #"{"refreshToken":"\#(second)","allDevices":true}"#, token: .some(nil))
            #expect(logout.status == 200)
            #expect(logout.data?["sessionsEnded"] == .number("1"))
        }
    }
}
