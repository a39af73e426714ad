/// Why migrating refused or failed. Meant for whoever starts the service, so its
/// description is specific: it names the migration, and the checksums when one changed.
public struct MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. A struct of static constants so the set can grow.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// The code named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An applied migration's SQL differs from what was applied.
        public static let checksumMismatch = Code(rawValue: "checksumMismatch")
        /// The list is not valid: a repeated or non-positive version.
        public static let invalidMigrations = Code(rawValue: "invalidMigrations")
        /// A migration's SQL failed; nothing of this run was applied.
        public static let migrationFailed = Code(rawValue: "migrationFailed")

        /// The name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The schema being migrated.
    public var schema: String
    /// The migration involved.
    public var version: Int?
    /// The checksum recorded when the migration was applied.
    public var recordedChecksum: String?
    /// The checksum of the migration's SQL now.
    public var currentChecksum: String?
    /// The database error, when a migration's SQL failed.
    public var underlying: PGError?
    /// What went wrong, in words.
    public var reason: String

    /// A migration error.
    public init(
        _ code: Code, schema: String, version: Int? = nil, recordedChecksum: String? = nil,
        currentChecksum: String? = nil, underlying: PGError? = nil, reason: String
    ) {
        self.code = code
        self.schema = schema
        self.version = version
        self.recordedChecksum = recordedChecksum
        self.currentChecksum = currentChecksum
        self.underlying = underlying
        self.reason = reason
    }

    /// `migrations of "catalog": migration 3 ("stock") was changed after it was applied: …`
    public var description: String {
        var text = "migrations of \"\(schema)\": \(reason)"
        if let underlying { text += " (\(String(reflecting: underlying)))" }
        return text
    }
}
