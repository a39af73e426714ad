import Foundation

/// One SQL statement with its parameters, written as a string literal. Every interpolated
/// value becomes a parameter (`$1`, `$2`, …) sent apart from the SQL text, so a value can
/// never change the statement: SQL injection cannot be written by accident.
///
/// ```swift
/// let rows = try await pool.query("""
///     SELECT id, name, price FROM products
///     WHERE tenant_id = \(tenant) AND name ILIKE \(pattern) AND price < \(maxPrice)
///     """)
/// ```
///
/// Two escape hatches, both explicit at the call site:
/// - `\(identifier: name)` writes a quoted identifier (`"order"`, with `"` doubled, as
///   `PQescapeIdentifier` does): for schema, table and column names chosen at run time.
///   There is deliberately no way to splice other raw text.
/// - `\(fragment: query)` embeds another `PGQuery`, renumbering its parameters, to build
///   statements from parts: `"SELECT * FROM t WHERE \(fragment: filter) LIMIT \(limit)"`.
///
/// Do not write `$n` yourself; interpolate the value. Strings are sent with an unspecified
/// type so they bind to `text`, `varchar`, enums or `jsonb` alike; where the server cannot
/// infer a type (`\(name) IS NULL`), cast it: `\(name)::text IS NULL`.
public struct PGQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Segment: Sendable {
        case sql(String)
        case parameter(Int)
    }

    var segments: [Segment]
    /// The parameter values, in `$n` order.
    public private(set) var parameters: [any PGEncodable]

    init(segments: [Segment], parameters: [any PGEncodable]) {
        self.segments = segments
        self.parameters = parameters
    }

    /// A statement with no parameters.
    public init(stringLiteral value: String) {
        self.init(segments: [.sql(value)], parameters: [])
    }

    /// A statement built by interpolation.
    public init(stringInterpolation: StringInterpolation) {
        self.init(segments: stringInterpolation.segments, parameters: stringInterpolation.parameters)
    }

    /// Appends `other`, renumbering its parameters after this query's.
    public mutating func append(_ other: PGQuery) {
        let offset = parameters.count
        for segment in other.segments {
            switch segment {
            case .sql(let text): segments.append(.sql(text))
            case .parameter(let index): segments.append(.parameter(index + offset))
            }
        }
        parameters.append(contentsOf: other.parameters)
    }

    /// The SQL text as sent, with `$n` placeholders.
    public var sql: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .sql(let part): text += part
            case .parameter(let index): text += "$\(index + 1)"
            }
        }
        return text
    }

    /// The SQL text and the number of parameters, never their values.
    public var description: String { "\(sql) [\(parameters.count) parameters]" }

    /// Builds a `PGQuery` from a string literal's parts.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var segments: [Segment] = []
        var parameters: [any PGEncodable] = []

        /// Room for the literal's parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(interpolationCount * 2 + 1)
            parameters.reserveCapacity(interpolationCount)
        }

        /// SQL text, as written in the source.
        public mutating func appendLiteral(_ literal: String) {
            segments.append(.sql(literal))
        }

        /// A value, sent as the next parameter.
        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value) {
            segments.append(.parameter(parameters.count))
            parameters.append(value)
        }

        /// An optional value: NULL when `nil`. (Its own overload, so the compiler does not
        /// warn that an optional is interpolated.)
        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value?) {
            segments.append(.parameter(parameters.count))
            parameters.append(value)
        }

        /// A quoted identifier: `"name"` with each `"` doubled (`PQescapeIdentifier`'s rule).
        public mutating func appendInterpolation(identifier: String) {
            segments.append(.sql(PGQuery.quoteIdentifier(identifier)))
        }

        /// Another query's text and parameters, renumbered after the ones before it.
        public mutating func appendInterpolation(fragment: PGQuery) {
            var query = PGQuery(segments: segments, parameters: parameters)
            query.append(fragment)
            segments = query.segments
            parameters = query.parameters
        }
    }

    /// `name` as a quoted SQL identifier. A NUL byte cannot be part of an identifier; the
    /// query that contains one is refused when it runs.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A query ready for libpq: SQL text, announced types and encoded values.
struct RenderedQuery: Sendable {
    var sql: String
    var types: [PGDataType]
    var values: [PGParameterValue]
}

extension PGQuery {
    /// Encodes the parameters; throws `.invalidParameter` for values that cannot be sent.
    func render() throws -> RenderedQuery {
        let sql = self.sql
        guard !sql.utf8.contains(0) else {
            throw PGError(.invalidParameter, message: "the SQL text contains a NUL byte", query: sql)
        }
        var types: [PGDataType] = []
        var values: [PGParameterValue] = []
        types.reserveCapacity(parameters.count)
        values.reserveCapacity(parameters.count)
        for parameter in parameters {
            types.append(type(of: parameter).pgType)
            do {
                values.append(try parameter.pgEncode())
            } catch var error as PGError {
                error.query = sql
                throw error
            }
        }
        return RenderedQuery(sql: sql, types: types, values: values)
    }
}
