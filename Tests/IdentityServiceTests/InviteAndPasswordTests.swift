import CommonAPI
import Foundation
import GatewayAuth
import IdentityAPI
import RPCCore
import Testing

/// Accepting an invite and changing a password (003 §13.4): single use, expiry, the tenant's
/// password policy, the forced change after a temporary password, other sessions ended.
@Suite struct InviteAndPasswordTests {
    static func token(of created: CreateUserResponse) -> String { String(created.inviteLink.dropFirst("/invite/".count)) }

    static func accept(_ h: IdentityHarness, _ token: String, password: String = "Chosen-password-5") async throws -> LoginResponse {
        try await h.client.acceptInvite(AcceptInviteRequest(token: token, password: password, ipAddress: "203.0.113.7", userAgent: "tests"))
    }

    @Test func anInvite_isAcceptedOnce_andLogsTheUserIn() async throws {
        try await IdentityHarness.with { h in
            let created = try await TenantAdminTests.invite(h, "Maria", "Enescu")
            let reply = try await Self.accept(h, Self.token(of: created))
            #expect(reply.user?.id == created.id && reply.user?.mustChangePassword == false)
            let claims = try h.verifier.verify(token: reply.accessToken, now: Int64(Date().timeIntervalSince1970))
            #expect(claims.sub == created.id && claims.sessionId != nil)
            #expect(try await !h.client.refresh(RefreshRequest(refreshToken: reply.refreshToken)).accessToken.isEmpty)
            #expect(try await !h.login(created.email, password: "Chosen-password-5").accessToken.isEmpty)

            let again = await seedDetails { _ = try await Self.accept(h, Self.token(of: created), password: "Another-password-6") }
            #expect(again?.code == "AUTH_TOKEN_INVALID")
            #expect(again?.message == "This invitation is not valid or has expired")
            #expect(await seedCode { _ = try await Self.accept(h, "inv_unknown") } == "AUTH_TOKEN_INVALID")
            let users = try await h.admin.listUsers(ListUsersRequest(status: "active"), options: h.asAdmin())
            #expect(users.users.contains { $0.id == created.id })
            let audit = try await AuditLogTests.list(h, ListAuditLogRequest(action: "user.invite_accepted"))
            #expect(audit.entries.count == 1)
            #expect(audit.entries.first?.user?.id == created.id && audit.entries.first?.metadata?.ipAddress == "203.0.113.7")
        }
    }

    @Test func anExpiredInvite_isRefused() async throws {
        let clock = TestClock()
        try await IdentityHarness.with(now: clock.now) { h in
            let created = try await TenantAdminTests.invite(h, "Dan", "Brancusi")
            clock.advance(by: 72 * 3600 + 60)
            #expect(await seedCode { _ = try await Self.accept(h, Self.token(of: created)) } == "AUTH_TOKEN_INVALID")
        }
    }

    @Test func aWeakPassword_isRefusedWithTheField_andTheInviteStillWorks() async throws {
        try await IdentityHarness.with { h in
            _ = try await h.admin.updateTenantConfig(UpdateTenantConfigRequest(updateMask: ["security"], security: SecuritySettings(
                passwordPolicy: PasswordPolicySettings(minLength: 12, requireNumber: true))), options: h.asAdmin())
            let created = try await TenantAdminTests.invite(h, "Elena", "Brancus")
            let weak = await seedDetails { _ = try await Self.accept(h, Self.token(of: created), password: "short") }
            #expect(weak?.code == "VAL_MULTIPLE_ERRORS")
            #expect(weak?.violations.allSatisfy { $0.field == "password" } == true)
            #expect(try await !Self.accept(h, Self.token(of: created), password: "Long-enough-password-1").accessToken.isEmpty)
        }
    }

    @Test func aTemporaryPassword_flagsTheLogin_untilTheUserChangesIt() async throws {
        try await IdentityHarness.with { h in
            let email = TenantAdminTests.address("ion")
            _ = try await TenantAdminTests.withPassword(h, email: email)
            let first = try await h.login(email, password: "Temporary-pass-7")
            #expect(first.user?.mustChangePassword == true)
            let changed = try await h.client.changePassword(
                ChangePasswordRequest(currentPassword: "Temporary-pass-7", newPassword: "My-own-password-8"), options: h.signedIn(first))
            #expect(changed.changed)
            let second = try await h.login(email, password: "My-own-password-8")
            #expect(second.user?.mustChangePassword == false)
            #expect(await seedCode { _ = try await h.login(email, password: "Temporary-pass-7") } == "AUTH_TOKEN_INVALID")
        }
    }

    @Test func changingThePassword_endsTheOtherSessions_butNotTheCallers() async throws {
        try await IdentityHarness.with { h in
            let phone = try await h.login(device: "phone")
            let laptop = try await h.login(device: "laptop")
            _ = try await h.client.changePassword(ChangePasswordRequest(currentPassword: h.password, newPassword: "Brand-new-secret-4"),
                                                  options: h.signedIn(laptop))
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: phone.refreshToken)) } == "AUTH_REFRESH_INVALID")
            #expect(try await !h.client.refresh(RefreshRequest(refreshToken: laptop.refreshToken)).accessToken.isEmpty)
            let phoneSession = try #require(try h.verifier.verify(token: phone.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId)
            let laptopSession = try #require(try h.verifier.verify(token: laptop.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId)
            let feed = try await h.client.listRevocations(ListRevocationsRequest())
            #expect(feed.revocations.contains { $0.id == phoneSession })
            #expect(!feed.revocations.contains { $0.id == laptopSession })
            let audit = try await AuditLogTests.list(h, ListAuditLogRequest(action: "user.password_changed"))
            #expect(audit.entries.first?.user?.id == h.user.uuidString.lowercased())
        }
    }

    @Test func aWrongCurrentPassword_orTheSamePassword_isRefused() async throws {
        try await IdentityHarness.with { h in
            let login = try await h.login()
            let wrong = await seedCode {
                _ = try await h.client.changePassword(ChangePasswordRequest(currentPassword: "Not-my-password-1", newPassword: "Brand-new-secret-4"),
                                                      options: h.signedIn(login))
            }
            #expect(wrong == "AUTH_TOKEN_INVALID")
            let same = await seedDetails {
                _ = try await h.client.changePassword(ChangePasswordRequest(currentPassword: h.password, newPassword: h.password),
                                                      options: h.signedIn(login))
            }
            #expect(same?.code == "VAL_INVALID_FORMAT" && same?.violations.map(\.field) == ["newPassword"])
            let weak = await seedDetails {
                _ = try await h.client.changePassword(ChangePasswordRequest(currentPassword: h.password, newPassword: "short"),
                                                      options: h.signedIn(login))
            }
            #expect(weak?.code == "VAL_OUT_OF_RANGE" && weak?.violations.map(\.field) == ["newPassword"])
            #expect(try await !h.login().accessToken.isEmpty, "nothing changed")
        }
    }
}

extension IdentityHarness {
    /// Call options as the gateway sets them for the holder of `login`'s access token: its
    /// tenant, user and session as the principal.
    func signedIn(_ login: LoginResponse) throws -> CallOptions {
        let claims = try verifier.verify(token: login.accessToken, now: Int64(Date().timeIntervalSince1970))
        var options = CallOptions(timeout: .seconds(30))
        options.metadata.tenant = claims.tenantId
        options.metadata.principal = Principal(tenantId: claims.tenantId, userId: claims.sub, email: claims.email, roles: claims.roles,
                                               sessionId: claims.sessionId ?? "").encoded()
        return options
    }
}
