import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// POST /api/v1/auth/invite/accept (003 §13.4): the invited user chooses a password and is
// logged in.
extension IdentityService {
    /// One answer for an unknown, used, expired or revoked token: a guesser learns nothing.
    static let inviteInvalid = SeedError("AUTH_TOKEN_INVALID", "This invitation is not valid or has expired")

    public func acceptInvite(_ request: AcceptInviteRequest, context: CallContext) async throws -> LoginResponse {
        var violations: [SeedError.Violation] = []
        if request.token.isEmpty { violations.append(.init(field: "token", code: "VAL_REQUIRED_FIELD", message: "token is required")) }
        if request.password.isEmpty { violations.append(.init(field: "password", code: "VAL_REQUIRED_FIELD", message: "password is required")) }
        guard violations.isEmpty else { throw SeedError.validation(violations) }
        // Tokens are `inv_` and 43 characters; anything much longer is not one, and not hashed.
        let digest = OpaqueToken.digest(request.token)
        guard request.token.utf8.count <= 200, let found = try await store.user(byInvite: digest) else { throw Self.inviteInvalid }

        let settings = try await store.transaction(tenant: found.tenant) { tx in
            try await store.tenantRecord(found.tenant, in: tx)?.settings
        } ?? TenantSettings()
        let problems = settings.passwordPolicy.violations(of: request.password)
        guard problems.isEmpty else {
            throw SeedError.validation(problems.map { .init(field: "password", code: "VAL_OUT_OF_RANGE", message: $0) })
        }
        try checkAddress(request.ipAddress, against: settings.security)
        let hash = await passwords.hash(request.password)

        let issuedAt = now()
        typealias Opened = (session: UUID, refreshToken: String)
        let (account, opened): (UserAccount, Opened?) = try await store.transaction(tenant: found.tenant) { tx in
            // Under the row's lock: of two acceptances of one token, the second finds it spent.
            guard let expiresAt = try await store.lockInvite(of: found.user, digest: digest, in: tx), expiresAt > issuedAt else {
                throw Self.inviteInvalid
            }
            try await store.acceptInvite(found.user, passwordHash: hash, in: tx)
            guard let account = try await store.account(found.user, in: tx) else { throw Self.inviteInvalid }
            try await store.recordChange(tx, tenant: found.tenant, context: context, action: "user.invite_accepted", entityType: "user",
                                         entityId: account.id.uuidString.lowercased(), description: "Accepted the invitation and chose a password",
                                         actor: PublicActor(user: account.id, email: account.email, ipAddress: request.ipAddress,
                                                            userAgent: request.userAgent))
            try await store.recordLogin(account.id, mfaStep: nil, rehashed: nil, in: tx)
            // A tenant that requires 2FA keeps the acceptance (the password is set) but opens
            // no session: the new user cannot have an authenticator enrolled yet.
            if needsTwoFactorEnrollment(settings.security, account) { return (account, nil) }
            let opened: Opened = try await openSession(for: account, deviceID: "", ipAddress: request.ipAddress,
                                                       userAgent: request.userAgent, issuedAt: issuedAt, in: tx)
            return (account, opened)
        }
        log.info("invite accepted", ["user": account.id.uuidString.lowercased()])
        guard let opened else { throw Self.twoFactorEnrollmentRequired }
        return loginResponse(for: account, session: opened.session, refreshToken: opened.refreshToken, issuedAt: issuedAt)
    }
}
