import Foundation

/// A failure of a catalog rule, carrying the seed's application error code (003 §15.3),
/// the JSON name of the field at fault and a message safe to show to the caller.
///
/// The domain throws it; the service layer maps `code` to an RPC status and
/// `cerniq.common.v1.StatusDetails`.
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A seed error code. Codes are static constants so the set can grow without
    /// breaking a `switch`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as the seed spells it, e.g. "VAL_REQUIRED_FIELD".
        public let rawValue: String

        /// A code spelled `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The code itself.
        public var description: String { rawValue }

        /// A required field is missing or empty.
        public static let requiredField = Code(rawValue: "VAL_REQUIRED_FIELD")
        /// A field's text is not in the expected format.
        public static let invalidFormat = Code(rawValue: "VAL_INVALID_FORMAT")
        /// A value is outside the allowed range or set of values.
        public static let outOfRange = Code(rawValue: "VAL_OUT_OF_RANGE")
        /// A value is not one of the allowed spellings.
        public static let invalidEnum = Code(rawValue: "VAL_INVALID_ENUM")
        /// A value that must be unique is repeated.
        public static let duplicate = Code(rawValue: "VAL_DUPLICATE")
        /// A field names something that does not exist.
        public static let referenceInvalid = Code(rawValue: "VAL_REFERENCE_INVALID")
        /// The resource does not exist.
        public static let notFound = Code(rawValue: "RES_NOT_FOUND")
        /// A resource with the same identity exists.
        public static let alreadyExists = Code(rawValue: "RES_ALREADY_EXISTS")
        /// The resource was deleted (also: an export file past its expiry).
        public static let deleted = Code(rawValue: "RES_DELETED")
        /// The resource cannot change now, e.g. a product held by active negotiations.
        public static let locked = Code(rawValue: "RES_LOCKED")
        /// Not enough stock for the quantity.
        public static let stockInsufficient = Code(rawValue: "BIZ_STOCK_INSUFFICIENT")
    }

    /// The seed code.
    public var code: Code
    /// The JSON name (or path) of the field at fault; nil for a failure of the whole request.
    public var field: String?
    /// What went wrong, for the caller.
    public var message: String

    /// A failure with `code`, naming `field` when one is at fault.
    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// `CODE (field): message`.
    public var description: String {
        field.map { "\(code) (\($0)): \(message)" } ?? "\(code): \(message)"
    }
}
