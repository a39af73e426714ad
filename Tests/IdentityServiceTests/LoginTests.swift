import Credentials
import Foundation
import GatewayAuth
import IdentityAPI
import Testing

/// Login (003 §2.5): tokens the gateway accepts, one answer for every wrong credential, MFA.
@Suite struct LoginTests {
    @Test func login_returnsATokenTheGatewayVerifies_andARefreshToken() async throws {
        try await IdentityHarness.with { h in
            let reply = try await h.login(h.email.uppercased())
            #expect(reply.tokenType == "Bearer")
            #expect(reply.expiresIn == 900)
            #expect(reply.refreshToken.hasPrefix("rt_"))
            #expect(reply.user?.tenantId == h.tenant.uuidString.lowercased())
            #expect(reply.user?.tenantName == "Acme SRL")
            #expect(reply.user?.name == "Ana Pop")
            #expect(reply.user?.roles == ["admin"])
            let claims = try h.verifier.verify(token: reply.accessToken, now: Int64(Date().timeIntervalSince1970))
            #expect(claims.tenantId == h.tenant.uuidString.lowercased())
            #expect(claims.email == h.email)
            #expect(claims.roles == ["admin"])
            #expect(claims.exp - claims.iat == 900)
            #expect(claims.sessionId != nil)
            #expect(claims.grantedPermissions.contains("admin:users"))
        }
    }

    @Test func wrongPasswordAndUnknownEmail_getTheSameAnswer() async throws {
        try await IdentityHarness.with { h in
            let wrong = await seedCode { _ = try await h.login(password: "Wrong-password-1") }
            let unknown = await seedCode { _ = try await h.login("nobody.\(UUID().uuidString)@example.com") }
            #expect(wrong == "AUTH_TOKEN_INVALID")
            #expect(unknown == "AUTH_TOKEN_INVALID")
            let missing = await seedCode { _ = try await h.login(password: "") }
            #expect(missing == "VAL_REQUIRED_FIELD")
        }
    }

    @Test func mfa_isRequired_thenAccepted_andACodeIsNeverAcceptedTwice() async throws {
        try await IdentityHarness.with { h in
            let secret = try #require(try await h.bootstrap.setMFA(email: h.email, enabled: true))
            #expect(await seedCode { _ = try await h.login() } == "AUTH_MFA_REQUIRED")
            let code = TOTP().code(secret: secret, at: Int64(Date().timeIntervalSince1970))
            let wrong = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
            #expect(await seedCode { _ = try await h.login(code: wrong) } == "AUTH_TOKEN_INVALID")
            let first = await seedCode { _ = try await h.login(code: code) }
            #expect(first == nil)
            #expect(await seedCode { _ = try await h.login(code: code) } == "AUTH_TOKEN_INVALID", "a replayed code is refused")
        }
    }

    @Test func theStoredPasswordIsAScryptHash_neverThePassword() async throws {
        try await IdentityHarness.with { h in
            let rows = try await h.pool.withTransaction(tenant: h.tenant) { tx in
                try await tx.query("SELECT password_hash FROM users WHERE email = \(h.email)")
            }
            let stored = try rows[0].decode(String.self, column: "password_hash")
            #expect(stored.hasPrefix("$scrypt$"))
            #expect(!stored.contains(h.password))
        }
    }
}
