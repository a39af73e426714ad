/// A Swift value that can travel as a query parameter (`$1`, `$2`, …).
///
/// The contract: `pgType` is announced when the statement is prepared, so it must depend
/// on the Swift type only (optionals report their wrapped type). `pgEncode()` runs when the
/// query is sent; it throws `PGError` with code `.invalidParameter` for a value PostgreSQL
/// cannot hold (a string with a NUL byte, a NaN decimal).
///
/// ```swift
/// struct Email: PGEncodable {
///     var address: String
///     static var pgType: PGDataType { .text }
///     func pgEncode() throws -> PGParameterValue { try address.pgEncode() }
/// }
/// ```
public protocol PGEncodable: Sendable {
    /// The type announced for this parameter; `.unspecified` lets the server infer it.
    static var pgType: PGDataType { get }
    /// The value in PostgreSQL's text form, as bytes (binary format), or NULL.
    func pgEncode() throws -> PGParameterValue
}

/// One encoded parameter: what libpq sends for it.
public enum PGParameterValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// The value's text form (libpq format 0). It must not contain a NUL byte.
    case text(String)
    /// Raw bytes in PostgreSQL's binary form (libpq format 1); used for `bytea`.
    case binary([UInt8])
}

extension String: PGEncodable {
    // Unspecified rather than `text`, so the same Swift string binds to varchar, enum,
    // citext or json columns without a cast (`status = $1` with `status` an enum).
    /// `.unspecified`: the server infers `text`, `varchar`, an enum, … from the context.
    public static var pgType: PGDataType { .unspecified }

    /// The string itself; throws `.invalidParameter` when it contains a NUL byte, which
    /// PostgreSQL text cannot hold and libpq would silently cut off.
    public func pgEncode() throws -> PGParameterValue {
        guard !utf8.contains(0) else {
            throw PGError(.invalidParameter, message: "a string parameter contains a NUL byte")
        }
        return .text(self)
    }
}

extension Int: PGEncodable {
    /// `int8`: Swift's `Int` is 64 bits on every platform the project builds for.
    public static var pgType: PGDataType { .int8 }
    /// The decimal digits.
    public func pgEncode() throws -> PGParameterValue { .text(String(self)) }
}

extension Int64: PGEncodable {
    /// `int8`
    public static var pgType: PGDataType { .int8 }
    /// The decimal digits.
    public func pgEncode() throws -> PGParameterValue { .text(String(self)) }
}

extension Int32: PGEncodable {
    /// `int4`
    public static var pgType: PGDataType { .int4 }
    /// The decimal digits.
    public func pgEncode() throws -> PGParameterValue { .text(String(self)) }
}

extension Int16: PGEncodable {
    /// `int2`
    public static var pgType: PGDataType { .int2 }
    /// The decimal digits.
    public func pgEncode() throws -> PGParameterValue { .text(String(self)) }
}

extension Bool: PGEncodable {
    /// `bool`
    public static var pgType: PGDataType { .bool }
    /// `t` or `f`.
    public func pgEncode() throws -> PGParameterValue { .text(self ? "t" : "f") }
}

extension Double: PGEncodable {
    /// `float8`
    public static var pgType: PGDataType { .float8 }
    /// The shortest text that reads back as the same double; `Infinity`, `-Infinity`, `NaN`.
    public func pgEncode() throws -> PGParameterValue {
        if isNaN { return .text("NaN") }
        if isInfinite { return .text(self < 0 ? "-Infinity" : "Infinity") }
        return .text(description)
    }
}

extension Optional: PGEncodable where Wrapped: PGEncodable {
    /// The wrapped type's, so `nil` and a value share one prepared statement.
    public static var pgType: PGDataType { Wrapped.pgType }
    /// NULL for `nil`, else the wrapped value's encoding.
    public func pgEncode() throws -> PGParameterValue {
        switch self {
        case .none: .null
        case .some(let value): try value.pgEncode()
        }
    }
}
