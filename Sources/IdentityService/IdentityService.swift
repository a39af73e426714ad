import Credentials
import Foundation
import GatewayAuth
import IdentityAPI
import RPCCore
import ServiceKit

/// `cerniq.identity.v1.IdentityService`: login, refresh with rotation, logout and the
/// revocation feed (003 §2.5). Each concern is in `IdentityService+<Concern>.swift`.
public struct IdentityService: IdentityServiceHandler {
    let store: IdentityStore
    let tokens: TokenIssuer
    let passwords: PasswordWork
    let log: Logger
    let now: @Sendable () -> Date
    /// How long a session's refresh tokens stay usable without a refresh.
    let sessionLifetime: Duration

    public init(store: IdentityStore, signingKey: TokenSigningKey, hasher: PasswordHasher = PasswordHasher(),
                sessionLifetime: Duration = .seconds(30 * 24 * 3600), log: Logger = Logger(component: "identity"),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        tokens = TokenIssuer(key: signingKey)
        passwords = PasswordWork(hasher: hasher)
        self.sessionLifetime = sessionLifetime
        self.log = log
        self.now = now
    }
}
