import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// POST /api/v1/auth/password: the signed-in user changes their password.
extension IdentityService {
    static let wrongCurrentPassword = SeedError("AUTH_TOKEN_INVALID", "The current password is not correct")

    /// Another device holding a session may be the reason for the change (a leaked password),
    /// so every session but the caller's ends, and their access tokens are revoked.
    public func changePassword(_ request: ChangePasswordRequest, context: CallContext) async throws -> ChangePasswordResponse {
        let caller = try AdminCaller(context)
        // An API key acting alone has a tenant but no user, hence no password.
        guard let user = caller.user else {
            throw SeedError("AUTHZ_PERMISSION_DENIED", "Only a signed-in user can change their password")
        }
        var violations: [SeedError.Violation] = []
        if request.currentPassword.isEmpty {
            violations.append(.init(field: "currentPassword", code: "VAL_REQUIRED_FIELD", message: "currentPassword is required"))
        }
        if request.newPassword.isEmpty { violations.append(.init(field: "newPassword", code: "VAL_REQUIRED_FIELD", message: "newPassword is required")) }
        guard violations.isEmpty else { throw SeedError.validation(violations) }

        let (account, settings) = try await store.transaction(tenant: caller.tenant) { tx in
            (try await store.account(user, in: tx), try await store.tenantRecord(caller.tenant, in: tx)?.settings ?? TenantSettings())
        }
        guard let account, account.status == .active, request.currentPassword.utf8.count <= PasswordPolicy.maximumBytes,
              await passwords.verify(request.currentPassword, against: account.passwordHash) else {
            throw Self.wrongCurrentPassword
        }
        for problem in settings.passwordPolicy.violations(of: request.newPassword) {
            violations.append(.init(field: "newPassword", code: "VAL_OUT_OF_RANGE", message: problem))
        }
        if request.newPassword == request.currentPassword {
            violations.append(.init(field: "newPassword", code: "VAL_INVALID_FORMAT", message: "The new password must differ from the current one"))
        }
        guard violations.isEmpty else { throw SeedError.validation(violations) }
        let hash = await passwords.hash(request.newPassword)

        let lapse = now().addingTimeInterval(Double(TokenIssuer.lifetime))
        let ended = try await store.transaction(tenant: caller.tenant) { tx in
            // The hash checked above must still be the stored one: of two concurrent changes
            // made with the same current password, the second is refused.
            guard let locked = try await store.account(user, in: tx, forUpdate: true), locked.passwordHash == account.passwordHash else {
                throw Self.wrongCurrentPassword
            }
            try await store.setPassword(user, passwordHash: hash, in: tx)
            let others = try await store.openSessions(of: user, in: tx).filter { $0 != caller.session }
            try await store.revokeSessions(others, reason: "password changed", accessTokensLapse: lapse, in: tx)
            try await store.recordChange(tx, tenant: caller.tenant, context: context, action: "user.password_changed", entityType: "user",
                                         entityId: user.uuidString.lowercased(),
                                         description: "Changed their password; \(others.count) other session(s) ended")
            return others.count
        }
        log.info("password changed", ["user": user.uuidString.lowercased(), "sessionsEnded": String(ended)])
        return ChangePasswordResponse(changed: true)
    }
}
