/// Why JSON could not become a message, or bytes could not become JSON: every field
/// violation found, each with a seed-style code (003 §15) and a path such as
/// `items[2].quantity`. One violation gives the error its code and field; several give
/// `VAL_MULTIPLE_ERRORS`, as the seed's multiple-errors response does.
public struct TranscodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A seed-style error code. A struct of static constants so the set can grow.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A JSON member that names no field of the message.
        public static let unknownField = Code(rawValue: "VAL_UNKNOWN_FIELD")
        /// A JSON value of the wrong type for the field (a string for a bool, 1.5 for an int32).
        public static let invalidType = Code(rawValue: "VAL_INVALID_TYPE")
        /// A field declared `// @required` that is absent or null.
        public static let requiredField = Code(rawValue: "VAL_REQUIRED_FIELD")
        /// An enum spelling or number the enum does not declare.
        public static let invalidEnum = Code(rawValue: "VAL_INVALID_ENUM")
        /// The request body is not JSON at all.
        public static let malformedJSON = Code(rawValue: "VAL_MALFORMED_JSON")
        /// A number outside the range of the field's type.
        public static let outOfRange = Code(rawValue: "VAL_OUT_OF_RANGE")
        /// A string in the wrong format for the field (bytes that are not base64).
        public static let invalidFormat = Code(rawValue: "VAL_INVALID_FORMAT")
        /// Two members set the same field (by JSON and proto name), or two fields of one oneof.
        public static let duplicateField = Code(rawValue: "VAL_DUPLICATE_FIELD")
        /// Protobuf bytes that are not a valid encoding of the message.
        public static let malformedMessage = Code(rawValue: "VAL_MALFORMED_MESSAGE")
        /// A message or enum type the registry does not hold.
        public static let unknownType = Code(rawValue: "VAL_UNKNOWN_TYPE")
        /// More than one violation; see `violations`.
        public static let multipleErrors = Code(rawValue: "VAL_MULTIPLE_ERRORS")
    }

    /// One problem at one place in the document.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// The path of the field (`items[2].quantity`, `labels["env"]`); empty for the whole document.
        public var field: String
        public var code: Code
        public var message: String

        public init(field: String, code: Code, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }

        public var description: String { field.isEmpty ? "\(code): \(message)" : "\(code) at \(field): \(message)" }
    }

    /// Every violation, in document order; never empty.
    public var violations: [Violation]

    public init(violations: [Violation]) {
        precondition(!violations.isEmpty, "a TranscodingError needs a violation")
        self.violations = violations
    }

    public init(field: String = "", code: Code, message: String) {
        self.violations = [Violation(field: field, code: code, message: message)]
    }

    /// The single violation's code, or `VAL_MULTIPLE_ERRORS`.
    public var code: Code { violations.count == 1 ? violations[0].code : .multipleErrors }

    /// The single violation's field path, or nil when there are several.
    public var field: String? { violations.count == 1 ? violations[0].field : nil }

    /// A one-line summary.
    public var message: String {
        violations.count == 1 ? violations[0].message : "validation failed with \(violations.count) errors"
    }

    public var description: String { violations.map(\.description).joined(separator: "; ") }
}
