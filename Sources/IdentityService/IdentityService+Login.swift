import Credentials
import Foundation
import IdentityAPI
import Postgres
import RPCCore
import ServiceKit

// POST /api/v1/auth/login (003 §2.5).
extension IdentityService {
    static let badCredentials = SeedError("AUTH_TOKEN_INVALID", "Invalid email or password")

    public func login(_ request: LoginRequest, context: CallContext) async throws -> LoginResponse {
        let email = request.email.trimmingCharacters(in: .whitespaces).lowercased()
        var violations: [SeedError.Violation] = []
        if email.isEmpty { violations.append(.init(field: "email", code: "VAL_REQUIRED_FIELD", message: "email is required")) }
        if request.password.isEmpty { violations.append(.init(field: "password", code: "VAL_REQUIRED_FIELD", message: "password is required")) }
        if request.password.utf8.count > PasswordPolicy.maximumBytes {
            violations.append(.init(field: "password", code: "VAL_OUT_OF_RANGE", message: "password is longer than \(PasswordPolicy.maximumBytes) bytes"))
        }
        guard violations.isEmpty else { throw SeedError.validation(violations) }

        // Unknown email, wrong password, or a user who may not log in: one answer, one cost.
        guard let found = try await store.user(byEmail: email) else {
            _ = await passwords.verify(request.password, against: nil)
            throw Self.badCredentials
        }
        let (account, settings) = try await store.transaction(tenant: found.tenant) { tx in
            (try await store.account(found.user, in: tx), try await store.tenantRecord(found.tenant, in: tx)?.settings ?? TenantSettings())
        }
        guard let account, await passwords.verify(request.password, against: account.passwordHash) else {
            throw Self.badCredentials
        }
        guard account.status == .active else {
            throw SeedError("AUTH_TOKEN_INVALID", "This account is \(account.status.rawValue); ask an administrator")
        }
        // The tenant's rules come after the password, so they tell nothing to someone without it.
        try checkAddress(request.ipAddress, against: settings.security)
        try checkTwoFactorRequirement(settings.security, for: account)
        let mfaStep = try verifyMFA(request.mfaCode, for: account)
        let rehashed = account.passwordHash.map(passwords.needsRehash) == true ? await passwords.hash(request.password) : nil

        let issuedAt = now()
        let (session, refreshToken) = try await store.transaction(tenant: account.tenantID) { tx in
            // The TOTP step is claimed under the row lock: two logins with one code cannot both pass.
            if let mfaStep {
                guard let locked = try await store.account(account.id, in: tx, forUpdate: true), mfaStep > locked.mfaLastStep else {
                    throw SeedError("AUTH_TOKEN_INVALID", "This code was already used; wait for the next one")
                }
            }
            try await store.recordLogin(account.id, mfaStep: mfaStep, rehashed: rehashed, in: tx)
            let opened = try await openSession(for: account, deviceID: request.deviceId, ipAddress: request.ipAddress,
                                               userAgent: request.userAgent, issuedAt: issuedAt, in: tx)
            // A login is a change (a session opens): it is in the log with who and from where.
            try await store.recordChange(tx, tenant: account.tenantID, context: context, action: "session.created", entityType: "session",
                                         entityId: opened.session.uuidString.lowercased(),
                                         description: "Logged in" + (request.deviceId.isEmpty ? "" : " on \(request.deviceId.prefix(100))"),
                                         actor: PublicActor(user: account.id, email: account.email, ipAddress: request.ipAddress,
                                                            userAgent: request.userAgent, session: opened.session))
            return opened
        }
        log.info("login", ["user": account.id.uuidString.lowercased(), "session": session.uuidString.lowercased()])
        return loginResponse(for: account, session: session, refreshToken: refreshToken, issuedAt: issuedAt)
    }

    /// Opens a session for `account` on the client's device, in `tx`, and returns it with its
    /// first refresh token: what Login and AcceptInvite hand out.
    func openSession(for account: UserAccount, deviceID: String, ipAddress: String, userAgent: String, issuedAt: Date,
                     in tx: PGTransaction) async throws -> (session: UUID, refreshToken: String) {
        let refreshToken = OpaqueToken.generate(prefix: "rt_")
        let session = try await store.openSession(
            tenant: account.tenantID, user: account.id, deviceID: String(deviceID.prefix(200)),
            ipAddress: String(ipAddress.prefix(100)), userAgent: String(userAgent.prefix(500)), openedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(Double(sessionLifetime.components.seconds)),
            refreshDigest: OpaqueToken.digest(refreshToken), in: tx)
        return (session, refreshToken)
    }

    /// 003 §2.5 `LoginResponse` for a session `openSession` opened. `mustChangePassword` tells
    /// the client to have the user choose a password (ChangePassword) before anything else.
    func loginResponse(for account: UserAccount, session: UUID, refreshToken: String, issuedAt: Date) -> LoginResponse {
        LoginResponse(
            accessToken: tokens.issue(for: account, session: session, now: issuedAt), refreshToken: refreshToken,
            expiresIn: UInt32(TokenIssuer.lifetime), tokenType: "Bearer",
            user: LoginUser(id: account.id.uuidString.lowercased(), email: account.email, name: account.name, roles: [account.role],
                            tenantId: account.tenantID.uuidString.lowercased(), tenantName: account.tenantName,
                            mustChangePassword: account.mustChangePassword))
    }

    /// The TOTP step the code matches, nil when the user has no MFA; AUTH_MFA_REQUIRED when a
    /// code is needed and missing (003 §15.3).
    func verifyMFA(_ code: String, for account: UserAccount) throws(SeedError) -> Int64? {
        guard let secret = account.mfaSecret, !secret.isEmpty else { return nil }
        guard !code.isEmpty else { throw SeedError("AUTH_MFA_REQUIRED", "Multi-factor authentication required") }
        guard let step = TOTP().verify(code: code, secret: secret, at: Int64(now().timeIntervalSince1970)) else {
            throw SeedError("AUTH_TOKEN_INVALID", "The authentication code is not valid")
        }
        return step
    }
}
