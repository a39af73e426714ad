import CommonAPI
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// PUT and DELETE /api/v1/admin/users/:id (003 §13.5, §13.6).
extension TenantAdminService {
    enum UserMember: String, CaseIterable {
        case firstName, lastName, role, permissions, status, metadata
    }

    /// Changes the members named in `update_mask`. Suspending ends every session of the user
    /// and publishes their revocation, so the gateway refuses the user's access tokens within
    /// seconds. A new role or permissions reach the user's tokens at their next refresh
    /// (at most 15 minutes, TokenIssuer.lifetime).
    public func updateUser(_ request: UpdateUserRequest, context: CallContext) async throws -> UpdateUserResponse {
        let caller = try AdminCaller(context)
        let id = try UserFields.id(request.id)
        var changes = IdentityStore.UserChanges()
        var violations: [SeedError.Violation] = []
        for name in Set(request.updateMask) {
            guard let member = UserMember(rawValue: name) else {
                violations.append(.init(field: name, code: "VAL_INVALID_FORMAT", message: "\(name) is not a user field that can be updated"))
                continue
            }
            switch member {
            case .firstName:
                violations += UserFields.name(request.firstName, field: "firstName")
                changes.firstName = request.firstName.trimmingCharacters(in: .whitespaces)
            case .lastName:
                violations += UserFields.name(request.lastName, field: "lastName")
                changes.lastName = request.lastName.trimmingCharacters(in: .whitespaces)
            case .role:
                violations += UserRole.violations(role: request.role)
                changes.role = request.role
            case .permissions:
                violations += UserRole.violations(permissions: request.permissions)
                var seen: Set<String> = []
                changes.permissions = request.permissions.filter { seen.insert($0).inserted }
            case .status:
                if !["active", "suspended"].contains(request.status) {
                    violations.append(.init(field: "status", code: "VAL_INVALID_ENUM", message: "status must be active or suspended"))
                }
                changes.status = request.status
            case .metadata:
                violations += UserFields.metadata(request.metadata)
                changes.metadata = request.metadata
            }
        }
        guard violations.isEmpty else { throw SeedError.validation(violations.sorted { $0.field < $1.field }) }
        if id == caller.user {
            if changes.status == "suspended" { throw UserFields.refusedForSelf(field: "status", "You cannot suspend your own account") }
            if let role = changes.role, role != "admin" { throw UserFields.refusedForSelf(field: "role", "You cannot remove your own administrator role") }
        }
        guard changes.firstName != nil || changes.lastName != nil || changes.role != nil || changes.permissions != nil
                || changes.status != nil || changes.metadata != nil else { return UpdateUserResponse(updated: false) }

        let lapse = accessTokensLapse
        let ended = try await store.transaction(tenant: caller.tenant) { tx in
            guard let user = try await store.adminUser(id, in: tx, forUpdate: true) else { throw SeedError.notFound("user") }
            guard !user.deleted else { throw SeedError("RES_DELETED", "This user has been deleted") }
            if changes.status == "active" && user.status == "invited" {
                throw SeedError("VAL_INVALID_ENUM", "An invited user becomes active by accepting the invite", field: "status")
            }
            try await store.updateUser(id, changes, in: tx)
            var recorded: [AuditEventRow.Change] = []
            if let role = changes.role, role != user.role { recorded.append(.init(field: "role", oldValue: "\"\(user.role)\"", newValue: "\"\(role)\"")) }
            if let status = changes.status, status != user.status {
                recorded.append(.init(field: "status", oldValue: "\"\(user.status)\"", newValue: "\"\(status)\""))
            }
            try await store.recordChange(tx, tenant: caller.tenant, context: context, action: changes.status == "suspended" ? "user.suspended" : "user.updated",
                                         entityType: "user", entityId: id.uuidString.lowercased(),
                                         description: "Updated the user's \(request.updateMask.joined(separator: ", "))", changes: recorded)
            guard changes.status == "suspended" else { return 0 }
            let sessions = try await store.openSessions(of: id, in: tx)
            try await store.revokeSessions(sessions, reason: "user suspended", accessTokensLapse: lapse, in: tx)
            return sessions.count
        }
        log.info("user updated", ["user": id.uuidString.lowercased(),
                                  "members": request.updateMask.joined(separator: ","), "sessionsEnded": String(ended)])
        return UpdateUserResponse(updated: true)
    }

    /// A soft delete ends the user's sessions and keeps the row (status `inactive`); a hard
    /// delete also erases the user's personal data (GDPR art. 17) and frees the address.
    public func deleteUser(_ request: DeleteUserRequest, context: CallContext) async throws -> DeleteUserResponse {
        let caller = try AdminCaller(context)
        let id = try UserFields.id(request.id)
        if id == caller.user { throw UserFields.refusedForSelf(field: "id", "You cannot delete your own account") }
        var heir: UUID?
        if !request.transferNegotiationsTo.isEmpty {
            guard let target = UUID(uuidString: request.transferNegotiationsTo), target != id else { throw Self.invalidHeir }
            heir = target
        }
        let lapse = accessTokensLapse
        let erased: (sessions: Int, refreshTokens: Int, logs: Int)? = try await store.transaction(tenant: caller.tenant) { tx in
            guard let user = try await store.adminUser(id, in: tx, forUpdate: true) else { throw SeedError.notFound("user") }
            if user.deleted && !request.hardDelete { throw SeedError("RES_DELETED", "This user has already been deleted") }
            if let heir {
                guard let target = try await store.adminUser(heir, in: tx), target.status == "active", !target.deleted else { throw Self.invalidHeir }
            }
            // Revocations first: erasure deletes the session rows they are read from.
            let sessions = try await store.openSessions(of: id, in: tx)
            try await store.revokeSessions(sessions, reason: "user deleted", accessTokensLapse: lapse, in: tx)
            try await store.markDeleted(id, in: tx)
            try await store.recordChange(tx, tenant: caller.tenant, context: context, action: request.hardDelete ? "user.erased" : "user.deleted",
                                         entityType: "user", entityId: id.uuidString.lowercased(),
                                         description: request.hardDelete ? "Erased a user's personal data (GDPR)" : "Deleted a user")
            guard request.hardDelete else { return nil }
            let removed = try await store.erase(id, in: tx)
            // In the same transaction: the erasure is all or nothing, log included.
            let logs = try await store.anonymizeAuditLog(ofUser: id, in: tx)
            return (removed.sessions, removed.refreshTokens, logs)
        }
        log.info("user deleted", ["user": id.uuidString.lowercased(),
                                  "erased": String(request.hardDelete)])
        // Negotiations live in the Negotiation service, which does not exist yet: nothing can
        // be owned by the user, so the transfer moves 0. When it exists, it takes the transfer
        // from this answer's `transferredTo` (or an event) and the count becomes real.
        let transferred = heir.map { [TransferredItems(type: "negotiations", count: 0, transferredTo: $0.uuidString.lowercased())] } ?? []
        // The users row stays (anonymized) so records naming its id stay consistent; sessions
        // and refresh tokens are removed; audit entries stay, anonymized (IdentityStore+Audit).
        let data = erased.map {
            ErasedData(tables: ["users", "sessions", "refresh_tokens", "audit_log"], recordsRemoved: UInt64($0.sessions + $0.refreshTokens),
                       logsAnonymized: UInt64($0.logs))
        }
        return DeleteUserResponse(deleted: true, transferredItems: transferred, dataDeleted: data)
    }

    static let invalidHeir = SeedError("VAL_REFERENCE_INVALID", "transferNegotiationsTo must name another active user of this tenant",
                                       field: "transferNegotiationsTo")
}
