import Foundation

/// A user as login and refresh see them: who they are, what they may do, and how they prove it.
struct UserAccount: Sendable {
    enum Status: String, Sendable {
        case active, inactive, invited, suspended
    }

    var id: UUID
    var tenantID: UUID
    var tenantName: String
    /// The tenant's plan (003 §13.1), carried in access tokens for the gateway's limits.
    var plan: String
    var email: String
    var firstName: String
    var lastName: String
    var role: String
    var permissions: [String]
    var status: Status
    var passwordHash: String?
    var mfaSecret: [UInt8]?
    var mfaLastStep: Int64
    /// An administrator set a temporary password (003 §13.4): the user must choose their own.
    var mustChangePassword = false

    var name: String { [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ") }
}
