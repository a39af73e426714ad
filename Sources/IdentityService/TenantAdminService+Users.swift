import CommonAPI
import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// GET and POST /api/v1/admin/users (003 §13.3, §13.4).
extension TenantAdminService {
    static let statuses = ["active", "inactive", "invited", "suspended"]

    public func listUsers(_ request: ListUsersRequest, context: CallContext) async throws -> ListUsersResponse {
        let caller = try AdminCaller(context)
        let paging = try Paging(page: request.page, limit: request.limit)
        var violations: [SeedError.Violation] = []
        if !request.role.isEmpty { violations += UserRole.violations(role: request.role) }
        if !request.status.isEmpty && !Self.statuses.contains(request.status) {
            violations.append(.init(field: "status", code: "VAL_INVALID_ENUM", message: "status must be active, inactive, invited or suspended"))
        }
        let search = request.search.trimmingCharacters(in: .whitespaces)
        if search.count > 200 { violations.append(.init(field: "search", code: "VAL_OUT_OF_RANGE", message: "search must be at most 200 characters")) }
        guard violations.isEmpty else { throw SeedError.validation(violations) }

        let filter = IdentityStore.UserFilter(role: request.role, status: request.status, search: search)
        let (users, total) = try await store.transaction(tenant: caller.tenant) { tx in
            try await store.users(tenant: caller.tenant, filter, offset: paging.offset, limit: paging.limit, in: tx)
        }
        return ListUsersResponse(users: users.map(\.wire), pagination: paging.info(total: total).wire)
    }

    /// With `tempPassword`: an active user who must change it at first login. Otherwise an
    /// invite: the user is `invited` until they open `inviteLink` and choose a password.
    ///
    /// `inviteLink` is the web app's path `/invite/<token>`: the token is shown only in this
    /// answer (the database keeps its SHA-256, like refresh tokens) and works for 72 hours.
    public func createUser(_ request: CreateUserRequest, context: CallContext) async throws -> CreateUserResponse {
        let caller = try AdminCaller(context)
        let email = request.email.trimmingCharacters(in: .whitespaces).lowercased()
        var seen: Set<String> = []
        let permissions = request.permissions.filter { seen.insert($0).inserted }
        var violations: [SeedError.Violation] = []
        if email.isEmpty {
            violations.append(.init(field: "email", code: "VAL_REQUIRED_FIELD", message: "email is required"))
        } else if !EmailAddress.isValid(email) {
            violations.append(.init(field: "email", code: "VAL_EMAIL_INVALID", message: "Invalid email address"))
        }
        violations += UserFields.name(request.firstName, field: "firstName") + UserFields.name(request.lastName, field: "lastName")
        violations += UserRole.violations(role: request.role) + UserRole.violations(permissions: permissions)
        violations += UserFields.metadata(request.metadata)
        if request.sendInvite && !request.tempPassword.isEmpty {
            violations.append(.init(field: "tempPassword", code: "VAL_INVALID_FORMAT", message: "give a temporary password or send an invite, not both"))
        }
        let tenant = try await store.transaction(tenant: caller.tenant) { tx in try await store.tenantRecord(caller.tenant, in: tx) }
        guard let tenant else { throw SeedError.notFound("tenant") }
        if !request.tempPassword.isEmpty {
            for problem in tenant.settings.passwordPolicy.violations(of: request.tempPassword) {
                violations.append(.init(field: "tempPassword", code: "VAL_OUT_OF_RANGE", message: problem))
            }
        }
        guard violations.isEmpty else { throw SeedError.validation(violations) }
        // Emails are unique across tenants (login names no tenant): say it is taken, never where.
        // The unique index answers the same for a race this check cannot see.
        if try await store.user(byEmail: email) != nil { throw Self.emailTaken }

        let invite = request.tempPassword.isEmpty ? OpaqueToken.generate(prefix: "inv_") : nil
        let issuedAt = now()
        var user = IdentityStore.NewUser(
            email: email, firstName: request.firstName.trimmingCharacters(in: .whitespaces),
            lastName: request.lastName.trimmingCharacters(in: .whitespaces), role: request.role, permissions: permissions,
            metadata: request.metadata, passwordHash: nil, inviteDigest: invite.map(OpaqueToken.digest),
            inviteExpiresAt: invite.map { _ in issuedAt.addingTimeInterval(Self.inviteLifetime) })
        if invite == nil {
            user.passwordHash = await passwords.hash(request.tempPassword)
            user.mustChangePassword = true
        }
        let plan = PlanTier.named(tenant.plan)
        let created = try await store.transaction(tenant: caller.tenant) { tx in
            // The tenant row's lock makes the seat count and the insert one step for concurrent calls.
            _ = try await store.tenantRecord(caller.tenant, in: tx, forUpdate: true)
            guard try await store.seatsTaken(caller.tenant, in: tx) < plan.maxUsers else {
                throw SeedError("BIZ_QUOTA_EXCEEDED", "The \(plan.name) plan allows \(plan.maxUsers) users; upgrade the plan or delete a user",
                                details: ["limit": String(plan.maxUsers)])
            }
            let created = try await store.insertUser(user, tenant: caller.tenant, in: tx)
            try await store.recordChange(tx, tenant: caller.tenant, context: context, action: "user.created", entityType: "user",
                                         entityId: created.id.uuidString.lowercased(),
                                         description: "Created a \(request.role) user (\(invite == nil ? "temporary password" : "invited"))")
            return created
        }
        log.info("user created", ["user": created.id.uuidString.lowercased(),
                                  "by": caller.user?.uuidString.lowercased() ?? "system", "invited": String(invite != nil)])
        return CreateUserResponse(
            id: created.id.uuidString.lowercased(), email: email, role: request.role, status: invite == nil ? "active" : "invited",
            inviteLink: invite.map { "/invite/\($0)" } ?? "", inviteExpiresAt: user.inviteExpiresAt.map(Timestamp.init),
            createdAt: Timestamp(created.createdAt))
    }

    static let emailTaken = SeedError("VAL_DUPLICATE", "A user with this email address already exists", field: "email")
}
