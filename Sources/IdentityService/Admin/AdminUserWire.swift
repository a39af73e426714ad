import CommonAPI
import IdentityAPI

extension IdentityStore.AdminUserRecord {
    /// The user as ListUsers shows them (003 §13.3). Activity counts are 0 until the
    /// Negotiation and approval services exist and report who did what.
    var wire: AdminUser {
        AdminUser(id: id.uuidString.lowercased(), email: email, firstName: firstName, lastName: lastName, role: role, status: status,
                  lastLogin: lastLoginAt.map(Timestamp.init), createdAt: Timestamp(createdAt),
                  activity: UserActivity(negotiations: 0, approvalsHandled: 0), permissions: permissions, mfaEnabled: mfaEnabled)
    }
}
