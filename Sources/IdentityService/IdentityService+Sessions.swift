import CommonAPI
import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// POST /api/v1/auth/refresh and /logout (003 §2.5), and the revocation feed for the gateway.
extension IdentityService {
    static let refreshInvalid = SeedError("AUTH_REFRESH_INVALID", "Invalid refresh token")

    /// Rotation: the token presented is spent and a new one returned. A spent token presented
    /// again means it was copied: the whole session is revoked, the refresh token the
    /// legitimate client holds included, and every access token of the session with it.
    public func refresh(_ request: RefreshRequest, context: CallContext) async throws -> RefreshResponse {
        guard !request.refreshToken.isEmpty else {
            throw SeedError("VAL_REQUIRED_FIELD", "refreshToken is required", field: "refreshToken")
        }
        let digest = OpaqueToken.digest(request.refreshToken)
        guard let tenant = try await store.tenant(ofRefreshToken: digest) else { throw Self.refreshInvalid }
        let next = OpaqueToken.generate(prefix: "rt_")
        let issuedAt = now()
        enum Outcome { case rotated(UserAccount, UUID), reused, idle, invalid }
        // The revocations of a reuse and of an idle session must commit, so they are outcomes,
        // not thrown errors.
        let outcome: Outcome = try await store.transaction(tenant: tenant) { tx in
            guard let record = try await store.lockRefreshToken(digest, in: tx) else { return .invalid }
            if record.spent && !record.sessionRevoked {
                try await store.revokeSessions([record.session], reason: "refresh token reused",
                                               accessTokensLapse: issuedAt.addingTimeInterval(Double(TokenIssuer.lifetime)), in: tx)
                return .reused
            }
            guard !record.spent, !record.sessionRevoked, record.sessionExpiresAt > issuedAt,
                  let account = try await store.account(record.user, in: tx), account.status == .active else { return .invalid }
            // A refresh from outside the whitelist is refused and spends nothing (a rollback).
            let security = try await store.tenantRecord(tenant, in: tx)?.settings.security ?? TenantSettings.Security()
            try checkAddress(request.ipAddress, against: security)
            if Self.isIdle(since: record.lastUsedAt, at: issuedAt, security: security) {
                try await store.revokeSessions([record.session], reason: "idle longer than the session timeout",
                                               accessTokensLapse: issuedAt.addingTimeInterval(Double(TokenIssuer.lifetime)), in: tx)
                return .idle
            }
            try await store.rotateRefreshToken(digest, to: OpaqueToken.digest(next), session: record.session, tenant: tenant,
                                               usedAt: issuedAt, in: tx)
            return .rotated(account, record.session)
        }
        switch outcome {
        case .rotated(let account, let session):
            return RefreshResponse(accessToken: tokens.issue(for: account, session: session, now: issuedAt), refreshToken: next,
                                   expiresIn: UInt32(TokenIssuer.lifetime))
        case .reused:
            log.warning("refresh token reused; session revoked", ["tenant": tenant.uuidString.lowercased()])
            throw Self.refreshInvalid
        case .idle:
            throw SeedError("AUTH_SESSION_EXPIRED", "Session has expired; log in again")
        case .invalid:
            throw Self.refreshInvalid
        }
    }

    /// Ends the refresh token's session, or all of its user's.
    public func logout(_ request: LogoutRequest, context: CallContext) async throws -> LogoutResponse {
        guard !request.refreshToken.isEmpty else {
            throw SeedError("VAL_REQUIRED_FIELD", "refreshToken is required", field: "refreshToken")
        }
        let digest = OpaqueToken.digest(request.refreshToken)
        guard let tenant = try await store.tenant(ofRefreshToken: digest) else { throw Self.refreshInvalid }
        let lapse = now().addingTimeInterval(Double(TokenIssuer.lifetime))
        let ended: Int? = try await store.transaction(tenant: tenant) { tx in
            guard let record = try await store.lockRefreshToken(digest, in: tx), !record.sessionRevoked else { return nil }
            let sessions = request.allDevices ? try await store.openSessions(of: record.user, in: tx) : [record.session]
            try await store.revokeSessions(sessions, reason: request.allDevices ? "logout from all devices" : "logout",
                                           accessTokensLapse: lapse, in: tx)
            if let account = try await store.account(record.user, in: tx) {
                try await store.recordChange(tx, tenant: tenant, context: context, action: "session.ended", entityType: "session",
                                             entityId: record.session.uuidString.lowercased(),
                                             description: request.allDevices ? "Logged out of \(sessions.count) sessions" : "Logged out",
                                             actor: PublicActor(user: account.id, email: account.email, ipAddress: "", userAgent: "",
                                                                session: record.session))
            }
            return sessions.count
        }
        guard let ended else { throw Self.refreshInvalid }
        return LogoutResponse(sessionsEnded: UInt32(ended))
    }

    public func listRevocations(_ request: ListRevocationsRequest, context: CallContext) async throws -> ListRevocationsResponse {
        let since: Int64
        if request.after.isEmpty {
            since = 0
        } else {
            guard let value = Int64(request.after), value >= 0 else {
                throw SeedError("VAL_INVALID_FORMAT", "after must be a cursor from a previous answer", field: "after")
            }
            since = value
        }
        let (entries, cursor) = try await store.revocations(since: since)
        return ListRevocationsResponse(
            revocations: entries.map { Revocation(id: $0.id, until: Timestamp($0.until)) }, cursor: String(cursor))
    }
}
