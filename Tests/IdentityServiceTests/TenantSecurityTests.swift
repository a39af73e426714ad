import CommonAPI
import Foundation
import IdentityAPI
import Credentials
import Testing

/// The tenant's security settings (003 §13.2) at login and refresh: the IP whitelist, the
/// idle session timeout, and required two-factor authentication (003 §15.3 codes).
@Suite struct TenantSecurityTests {
    static func setSecurity(_ h: IdentityHarness, _ security: SecuritySettings) async throws {
        _ = try await h.admin.updateTenantConfig(UpdateTenantConfigRequest(updateMask: ["security"], security: security), options: h.asAdmin())
    }

    @Test func theIPWhitelist_refusesLoginsAndRefreshesFromOutside_andAdmitsItsBlocks() async throws {
        try await IdentityHarness.with { h in
            let before = try await h.login()
            try await Self.setSecurity(h, SecuritySettings(ipWhitelist: ["198.51.100.0/24", "2001:db8::/32"]))
            // The harness logs in from 203.0.113.7.
            #expect(await seedCode { _ = try await h.login() } == "AUTH_IP_BLOCKED")
            #expect(await seedCode { _ = try await h.login(password: "Wrong-password-1") } == "AUTH_TOKEN_INVALID",
                    "without the password, the whitelist is not revealed")
            let inside = try await h.client.login(LoginRequest(email: h.email, password: h.password, ipAddress: "198.51.100.42"))
            #expect(!inside.accessToken.isEmpty)
            let v6 = try await h.client.login(LoginRequest(email: h.email, password: h.password, ipAddress: "2001:db8:5::9"))
            #expect(!v6.accessToken.isEmpty)
            let mapped = try await h.client.login(LoginRequest(email: h.email, password: h.password, ipAddress: "::ffff:198.51.100.7"))
            #expect(!mapped.accessToken.isEmpty, "an IPv4-mapped address matches its IPv4 block")

            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: before.refreshToken, ipAddress: "203.0.113.7")) }
                == "AUTH_IP_BLOCKED")
            // The refused refresh spent nothing: the same token works from inside.
            #expect(try await !h.client.refresh(RefreshRequest(refreshToken: before.refreshToken, ipAddress: "198.51.100.1")).accessToken.isEmpty)
        }
    }

    @Test func aSessionIdleLongerThanTheTimeout_isExpiredAndRevokedOnRefresh() async throws {
        let clock = TestClock()
        try await IdentityHarness.with(now: clock.now) { h in
            try await Self.setSecurity(h, SecuritySettings(sessionTimeout: 30))
            let active = try await h.login(device: "active")
            let idle = try await h.login(device: "idle")
            clock.advance(by: 20 * 60)
            let rotated = try await h.client.refresh(RefreshRequest(refreshToken: active.refreshToken))
            clock.advance(by: 20 * 60)
            // 40 minutes since the idle session's login; 20 since the active one's refresh.
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: idle.refreshToken)) } == "AUTH_SESSION_EXPIRED")
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: idle.refreshToken)) } == "AUTH_REFRESH_INVALID",
                    "the session was revoked")
            #expect(try await !h.client.refresh(RefreshRequest(refreshToken: rotated.refreshToken)).accessToken.isEmpty)
            let sid = try h.verifier.verify(token: idle.accessToken, now: Int64(clock.now().timeIntervalSince1970) - 2400).sessionId
            #expect(try await h.client.listRevocations(ListRevocationsRequest()).revocations.contains { $0.id == sid })
        }
    }

    @Test func requiredTwoFactor_refusesAUserWithoutMFA_andAdmitsOneWithIt() async throws {
        try await IdentityHarness.with { h in
            try await Self.setSecurity(h, SecuritySettings(requireTwoFactor: true))
            let refused = await seedDetails { _ = try await h.login() }
            #expect(refused?.code == "AUTH_MFA_REQUIRED")
            #expect(refused?.message.contains("enroll") == true)
            let secret = try #require(try await h.bootstrap.setMFA(email: h.email, enabled: true))
            let code = TOTP().code(secret: secret, at: Int64(Date().timeIntervalSince1970))
            #expect(try await !h.login(code: code).accessToken.isEmpty)
        }
    }

    @Test func requiredTwoFactor_acceptsAnInvite_butOpensNoSession() async throws {
        try await IdentityHarness.with { h in
            try await Self.setSecurity(h, SecuritySettings(requireTwoFactor: true))
            let created = try await TenantAdminTests.invite(h, "Maria", "Enescu")
            let token = InviteAndPasswordTests.token(of: created)
            #expect(await seedCode { _ = try await InviteAndPasswordTests.accept(h, token) } == "AUTH_MFA_REQUIRED")
            #expect(await seedCode { _ = try await InviteAndPasswordTests.accept(h, token) } == "AUTH_TOKEN_INVALID", "the invite was spent")
            #expect(await seedCode { _ = try await h.login(created.email, password: "Chosen-password-5") } == "AUTH_MFA_REQUIRED")
        }
    }
}
