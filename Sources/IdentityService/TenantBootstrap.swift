import Credentials
import Foundation
import ServiceKit

/// The operator's way to make a tenant and its first administrator (`cerniq identity
/// bootstrap`): until the admin API exists it is the only way in, and afterwards it is how a
/// new installation gets its first user.
public struct TenantBootstrap: Sendable {
    let store: IdentityStore
    let hasher: PasswordHasher

    public init(store: IdentityStore, hasher: PasswordHasher = PasswordHasher()) {
        self.store = store
        self.hasher = hasher
    }

    /// Creates (or renames) the tenant and creates or resets the user with this email, active,
    /// with this password. Throws `SeedError` for an invalid email, role or password.
    @discardableResult
    public func run(tenant: UUID, tenantName: String, email: String, password: String, role: String = "admin",
                    firstName: String = "", lastName: String = "", policy: PasswordPolicy = PasswordPolicy()) async throws -> UUID {
        let (address, hash) = try await validated(tenantName: tenantName, email: email, password: password, role: role, policy: policy)
        return try await store.transaction(tenant: tenant) { tx in
            try await store.upsertTenant(tenant, name: tenantName, in: tx)
            return try await store.upsertUser(tenant: tenant, email: address, firstName: firstName, lastName: lastName, role: role,
                                              passwordHash: hash, in: tx)
        }
    }

    /// A sign-up: a new tenant and its administrator. Unlike `run`, never touches an existing
    /// user: an email already in use is VAL_DUPLICATE (409), naming no tenant.
    @discardableResult
    public func create(tenant: UUID, tenantName: String, email: String, password: String, firstName: String, lastName: String,
                       policy: PasswordPolicy = PasswordPolicy()) async throws -> UUID {
        let (address, hash) = try await validated(tenantName: tenantName, email: email, password: password, role: "admin", policy: policy)
        if try await store.user(byEmail: address) != nil {
            throw SeedError("VAL_DUPLICATE", "This email address is already registered", field: "email")
        }
        return try await store.transaction(tenant: tenant) { tx in
            try await store.upsertTenant(tenant, name: tenantName, in: tx)
            return try await store.insertUser(
                IdentityStore.NewUser(email: address, firstName: firstName, lastName: lastName, role: "admin", permissions: [], metadata: [:],
                                      passwordHash: hash, inviteDigest: nil, inviteExpiresAt: nil),
                tenant: tenant, in: tx).id
        }
    }

    /// The lower-cased address and the password's hash, or every invalid field at once.
    private func validated(tenantName: String, email: String, password: String, role: String, policy: PasswordPolicy)
        async throws -> (String, String) {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        var violations: [SeedError.Violation] = []
        if !EmailAddress.isValid(address) { violations.append(.init(field: "email", code: "VAL_EMAIL_INVALID", message: "Invalid email address")) }
        if !["admin", "sales_manager", "sales_rep", "viewer"].contains(role) {
            violations.append(.init(field: "role", code: "VAL_INVALID_ENUM", message: "role must be admin, sales_manager, sales_rep or viewer"))
        }
        for problem in policy.violations(of: password) { violations.append(.init(field: "password", code: "VAL_OUT_OF_RANGE", message: problem)) }
        if tenantName.isEmpty { violations.append(.init(field: "tenantName", code: "VAL_REQUIRED_FIELD", message: "tenantName is required")) }
        guard violations.isEmpty else { throw SeedError.validation(violations) }
        return (address, await PasswordWork(hasher: hasher).hash(password))
    }

    /// Turns TOTP on for the user with this email (a fresh secret, returned for the
    /// authenticator app) or off.
    public func setMFA(email: String, enabled: Bool) async throws -> [UInt8]? {
        guard let found = try await store.user(byEmail: email.lowercased()) else { throw SeedError.notFound("user") }
        let secret = enabled ? TOTP.generateSecret() : nil
        try await store.transaction(tenant: found.tenant) { tx in try await store.setMFASecret(found.user, secret: secret, in: tx) }
        return secret
    }
}
