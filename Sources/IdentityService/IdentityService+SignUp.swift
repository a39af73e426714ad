import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// 001's register and login (POST /api/auth/register, /api/auth/login), in 001's shapes.
extension IdentityService {
    /// 001's role names in 003's terms (003 §2.4).
    static let legacyRoles = ["admin": "admin", "manager": "sales_manager", "agent": "sales_rep", "viewer": "viewer"]
    static func legacyRole(of role: String) -> String {
        legacyRoles.first { $0.value == role }?.key ?? role
    }

    /// A sign-up: a new tenant with this user as its administrator, then a login.
    public func signUp(_ request: SignUpRequest, context: CallContext) async throws -> LegacyAuthResponse {
        guard request.tenantId.isEmpty else {
            throw SeedError("AUTHZ_PERMISSION_DENIED", "Joining an existing tenant takes an invitation from its administrator")
        }
        if !request.role.isEmpty && Self.legacyRoles[request.role] == nil {
            throw SeedError("VAL_INVALID_ENUM", "role must be admin, manager, agent or viewer", field: "role")
        }
        let firstName = request.firstName.trimmingCharacters(in: .whitespaces)
        let lastName = request.lastName.trimmingCharacters(in: .whitespaces)
        guard !firstName.isEmpty else { throw SeedError("VAL_REQUIRED_FIELD", "first_name is required", field: "first_name") }
        let tenant = UUID()
        let name = ([firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ") + "'s workspace").prefix(200)
        try await TenantBootstrap(store: store, hasher: passwords.hasher)
            .create(tenant: tenant, tenantName: String(name), email: request.email, password: request.password,
                    firstName: firstName, lastName: lastName)
        let login = try await login(LoginRequest(email: request.email, password: request.password, ipAddress: request.ipAddress,
                                                 userAgent: request.userAgent), context: context)
        return legacy(login, message: "User registered successfully")
    }

    public func legacyLogin(_ request: LoginRequest, context: CallContext) async throws -> LegacyAuthResponse {
        legacy(try await login(request, context: context), message: "Login successful")
    }

    func legacy(_ login: LoginResponse, message: String) -> LegacyAuthResponse {
        let user = login.user ?? LoginUser()
        let names = user.name.split(separator: " ", maxSplits: 1).map(String.init)
        return LegacyAuthResponse(
            success: true, message: message, token: login.accessToken,
            user: LegacyUser(id: user.id, email: user.email, role: Self.legacyRole(of: user.roles.first ?? ""), tenantId: user.tenantId,
                             firstName: names.first ?? "", lastName: names.count > 1 ? names[1] : ""),
            refreshToken: login.refreshToken, expiresIn: login.expiresIn)
    }
}
