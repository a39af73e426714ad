import Foundation
import ServiceKit

// The tenant's security settings (003 §13.2) as login, invite acceptance and refresh apply
// them; the codes are 003 §15.3's.
extension IdentityService {
    /// AUTH_IP_BLOCKED when the tenant keeps an IP whitelist and `address` (the client's, as
    /// the gateway saw it) is outside it. An empty whitelist admits every address.
    func checkAddress(_ address: String, against security: TenantSettings.Security) throws(SeedError) {
        guard !security.ipWhitelist.isEmpty, !IPAddressRange.contains(address, in: security.ipWhitelist) else { return }
        throw SeedError("AUTH_IP_BLOCKED", "IP address not in whitelist; contact your administrator")
    }

    /// AUTH_MFA_REQUIRED for a user the tenant's `requireTwoFactor` shuts out: no code they
    /// could type would let them in, so the message says what to do instead of asking for one.
    static let twoFactorEnrollmentRequired = SeedError(
        "AUTH_MFA_REQUIRED", "Your organization requires two-factor authentication: ask an administrator to enroll an authenticator app for your account")

    /// Whether the tenant requires two-factor authentication and the user has no authenticator.
    func needsTwoFactorEnrollment(_ security: TenantSettings.Security, _ account: UserAccount) -> Bool {
        security.requireTwoFactor && (account.mfaSecret?.isEmpty ?? true)
    }

    func checkTwoFactorRequirement(_ security: TenantSettings.Security, for account: UserAccount) throws(SeedError) {
        if needsTwoFactorEnrollment(security, account) { throw Self.twoFactorEnrollmentRequired }
    }

    /// Whether a session last used at `lastUsed` has been idle longer than the tenant's
    /// `sessionTimeout` (minutes) at `instant`.
    static func isIdle(since lastUsed: Date, at instant: Date, security: TenantSettings.Security) -> Bool {
        instant.timeIntervalSince(lastUsed) > Double(security.sessionTimeout) * 60
    }
}
