import ServiceKit
import GatewayAuth

/// The roles of 003 §2.4 and the explicit permissions a user may be given besides (§2.3).
enum UserRole {
    static let all = ["admin", "sales_manager", "sales_rep", "viewer"]

    /// Violations for a role that is not one of the four.
    static func violations(role: String, field: String = "role") -> [SeedError.Violation] {
        all.contains(role) ? [] : [.init(field: field, code: "VAL_INVALID_ENUM", message: "role must be admin, sales_manager, sales_rep or viewer")]
    }

    /// Violations for permissions that are not scopes of §2.3, one per unknown scope.
    static func violations(permissions: [String]) -> [SeedError.Violation] {
        permissions.enumerated().compactMap { index, scope in
            Permissions.all.contains(scope) ? nil
                : .init(field: "permissions[\(index)]", code: "VAL_INVALID_ENUM", message: "\(scope) is not a permission scope")
        }
    }
}
