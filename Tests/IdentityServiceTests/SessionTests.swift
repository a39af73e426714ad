import Foundation
import GatewayAuth
import IdentityAPI
import Testing

/// Refresh rotation, reuse detection, logout and the revocation feed (003 §2.5).
@Suite struct SessionTests {
    @Test func refresh_rotates_andTheOldTokenIsSpent() async throws {
        try await IdentityHarness.with { h in
            let login = try await h.login()
            let first = try await h.client.refresh(RefreshRequest(refreshToken: login.refreshToken))
            #expect(first.refreshToken != login.refreshToken)
            #expect(first.expiresIn == 900)
            let claims = try h.verifier.verify(token: first.accessToken, now: Int64(Date().timeIntervalSince1970))
            let original = try h.verifier.verify(token: login.accessToken, now: Int64(Date().timeIntervalSince1970))
            #expect(claims.sessionId == original.sessionId, "rotation keeps the session")
            #expect(claims.jti != original.jti)
            let second = try await h.client.refresh(RefreshRequest(refreshToken: first.refreshToken))
            #expect(!second.accessToken.isEmpty)
        }
    }

    @Test func reusingASpentRefreshToken_revokesTheWholeSession() async throws {
        try await IdentityHarness.with { h in
            let login = try await h.login()
            let sid = try #require(try h.verifier.verify(token: login.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId)
            let rotated = try await h.client.refresh(RefreshRequest(refreshToken: login.refreshToken))
            // A thief replays the first token: refused, and the legitimate client's new one dies too.
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: login.refreshToken)) } == "AUTH_REFRESH_INVALID")
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: rotated.refreshToken)) } == "AUTH_REFRESH_INVALID")
            let feed = try await h.client.listRevocations(ListRevocationsRequest())
            #expect(feed.revocations.contains { $0.id == sid })
        }
    }

    @Test func logout_endsOneDevice_orAll() async throws {
        try await IdentityHarness.with { h in
            let laptop = try await h.login(device: "laptop")
            let phone = try await h.login(device: "phone")
            let tablet = try await h.login(device: "tablet")
            let one = try await h.client.logout(LogoutRequest(refreshToken: laptop.refreshToken))
            #expect(one.sessionsEnded == 1)
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: laptop.refreshToken)) } == "AUTH_REFRESH_INVALID")
            #expect(try await !h.client.refresh(RefreshRequest(refreshToken: phone.refreshToken)).accessToken.isEmpty)
            let all = try await h.client.logout(LogoutRequest(refreshToken: tablet.refreshToken, allDevices: true))
            #expect(all.sessionsEnded == 2)
            #expect(await seedCode { _ = try await h.client.logout(LogoutRequest(refreshToken: tablet.refreshToken)) } == "AUTH_REFRESH_INVALID")
            let sessions = try [laptop, phone, tablet].map { try h.verifier.verify(token: $0.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId }
            let feed = try await h.client.listRevocations(ListRevocationsRequest())
            for sid in sessions { #expect(feed.revocations.contains { $0.id == sid }) }
        }
    }

    @Test func theRevocationFeed_continuesFromItsCursor() async throws {
        try await IdentityHarness.with { h in
            let start = try await h.client.listRevocations(ListRevocationsRequest())
            let login = try await h.login()
            _ = try await h.client.logout(LogoutRequest(refreshToken: login.refreshToken))
            let next = try await h.client.listRevocations(ListRevocationsRequest(after: start.cursor))
            let sid = try h.verifier.verify(token: login.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId
            #expect(next.revocations.contains { $0.id == sid })
            #expect(next.revocations.allSatisfy { ($0.until?.seconds ?? 0) > Int64(Date().timeIntervalSince1970) })
            #expect(await seedCode { _ = try await h.client.listRevocations(ListRevocationsRequest(after: "yesterday")) } == "VAL_INVALID_FORMAT")
        }
    }
}
