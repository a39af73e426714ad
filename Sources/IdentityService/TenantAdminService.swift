import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

/// `cerniq.identity.v1.TenantAdminService` (003 §13.1–13.6): the tenant's configuration and
/// its users, for the caller's tenant only. The gateway checks the route's scope
/// (admin:settings, admin:users) before a call gets here; each call still runs in a
/// transaction bound to the caller's tenant, so an id from another tenant is simply not found.
/// The configuration is in `TenantAdminService+Config.swift`, users in `+Users.swift` and
/// `+UserChanges.swift`.
public struct TenantAdminService: TenantAdminServiceHandler {
    let store: IdentityStore
    let passwords: PasswordWork
    let log: Logger
    let now: @Sendable () -> Date
    /// How long an invite link works (003 §13.4 `inviteExpiresAt`).
    static let inviteLifetime: TimeInterval = 72 * 3600

    public init(store: IdentityStore, hasher: PasswordHasher = PasswordHasher(), log: Logger = Logger(component: "identity-admin"),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        passwords = PasswordWork(hasher: hasher)
        self.log = log
        self.now = now
    }

    /// When the access tokens of sessions ended now expire anyway: revocations are published
    /// until then, so the gateway refuses them within seconds instead of 15 minutes.
    var accessTokensLapse: Date { now().addingTimeInterval(Double(TokenIssuer.lifetime)) }
}
