/// A Swift value that can be read from a result column. Results arrive in PostgreSQL's text
/// format; a conformance parses that text.
///
/// The contract: `init(pgText:type:)` gets a non-NULL value and throws (any error, usually
/// `PGDecodingFailure`) when the text does not fit; `PGRow.decode` wraps what it throws into
/// a `PGError` naming the column, its type and the Swift type. `valueForNull` is what SQL
/// NULL decodes to: `nil` (the default) means NULL is an error for this type.
///
/// ```swift
/// struct Email: PGDecodable {
///     var address: String
///     init(pgText text: String, type: PGDataType) throws {
///         guard text.contains("@") else { throw PGDecodingFailure("not an email address") }
///         address = text
///     }
/// }
/// ```
public protocol PGDecodable: Sendable {
    /// Parses a non-NULL value from its text form; `type` is the column's type.
    init(pgText text: String, type: PGDataType) throws
    /// The value SQL NULL decodes to, or `nil` when NULL is an error for this type.
    static var valueForNull: Self? { get }
}

extension PGDecodable {
    /// NULL is an error for non-optional types.
    public static var valueForNull: Self? { nil }
}

/// Why a column's text could not become the requested Swift type. Conformances of
/// `PGDecodable` throw it; `PGRow.decode` adds the column and types.
public struct PGDecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What did not fit, without the value itself (values may be personal data).
    public var reason: String

    /// A failure described by `reason`.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}

extension String: PGDecodable {
    /// Any column as its text form, exactly as the server printed it.
    public init(pgText text: String, type: PGDataType) throws { self = text }
}

extension Int: PGDecodable {
    /// An integer column (`int2`, `int4`, `int8`) or integer text.
    public init(pgText text: String, type: PGDataType) throws {
        guard let value = Int(text) else { throw PGDecodingFailure("not an integer that fits Int") }
        self = value
    }
}

extension Int64: PGDecodable {
    /// An integer column or integer text.
    public init(pgText text: String, type: PGDataType) throws {
        guard let value = Int64(text) else { throw PGDecodingFailure("not an integer that fits Int64") }
        self = value
    }
}

extension Int32: PGDecodable {
    /// An integer that fits 32 bits.
    public init(pgText text: String, type: PGDataType) throws {
        guard let value = Int32(text) else { throw PGDecodingFailure("not an integer that fits Int32") }
        self = value
    }
}

extension Int16: PGDecodable {
    /// An integer that fits 16 bits.
    public init(pgText text: String, type: PGDataType) throws {
        guard let value = Int16(text) else { throw PGDecodingFailure("not an integer that fits Int16") }
        self = value
    }
}

extension Bool: PGDecodable {
    /// `bool`, printed `t` or `f`.
    public init(pgText text: String, type: PGDataType) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PGDecodingFailure("not a boolean")
        }
    }
}

extension Double: PGDecodable {
    /// `float4`, `float8` or any number text (`numeric` loses precision: decode `Decimal`).
    public init(pgText text: String, type: PGDataType) throws {
        switch text {
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case "NaN": self = .nan
        default:
            guard let value = Double(text) else { throw PGDecodingFailure("not a floating-point number") }
            self = value
        }
    }
}

extension Optional: PGDecodable where Wrapped: PGDecodable {
    /// The wrapped value.
    public init(pgText text: String, type: PGDataType) throws {
        self = .some(try Wrapped(pgText: text, type: type))
    }

    /// NULL is `nil`.
    public static var valueForNull: Self? { .some(.none) }
}
