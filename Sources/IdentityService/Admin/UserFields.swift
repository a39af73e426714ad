import Foundation
import ServiceKit

/// Checks of the user fields CreateUser and UpdateUser share (003 §13.4–13.5).
enum UserFields {
    static let maxNameLength = 100
    static let maxMetadataEntries = 50

    static func name(_ value: String, field: String) -> [SeedError.Violation] {
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            return [.init(field: field, code: "VAL_REQUIRED_FIELD", message: "\(field) is required")]
        }
        if value.count > maxNameLength {
            return [.init(field: field, code: "VAL_OUT_OF_RANGE", message: "\(field) must be at most \(maxNameLength) characters")]
        }
        return []
    }

    static func metadata(_ value: [String: String]) -> [SeedError.Violation] {
        if value.count > maxMetadataEntries {
            return [.init(field: "metadata", code: "VAL_OUT_OF_RANGE", message: "metadata may have at most \(maxMetadataEntries) entries")]
        }
        return value.keys.sorted().compactMap { key in
            key.isEmpty || key.count > 100 || value[key]!.count > 1_000
                ? .init(field: "metadata.\(key)", code: "VAL_OUT_OF_RANGE", message: "keys are 1 to 100 characters, values at most 1000") : nil
        }
    }

    /// The user id of a request; RES_NOT_FOUND when it is not one (it cannot name a user).
    static func id(_ text: String) throws(SeedError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw SeedError.notFound("user") }
        return id
    }

    /// The code for an administrator acting on their own account in a way that could lock
    /// everyone out (suspend, demote, delete). §15.3 has no BIZ_ code for it; the value is
    /// simply not allowed for one's own account.
    static func refusedForSelf(field: String, _ message: String) -> SeedError {
        SeedError("VAL_INVALID_ENUM", message, field: field)
    }
}
