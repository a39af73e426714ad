/// Why the parser refused a request, with the HTTP status the server must answer before it
/// closes the connection. After an error the parser is spent: it rethrows the same error.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an open set of constants that each carry their HTTP status.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable name for logs and metrics.
        public let rawValue: String
        /// The status the server answers with.
        public let status: Int

        /// Creates a code; prefer the static constants.
        public init(_ rawValue: String, status: Int) {
            self.rawValue = rawValue
            self.status = status
        }

        /// Malformed syntax in the request line, a header field or the chunked framing: 400.
        public static let badRequest = Code("bad_request", status: 400)
        /// Ambiguous message framing that could smuggle a second request (RFC 9112 §6.1, §11.2): 400.
        public static let requestSmuggling = Code("request_smuggling", status: 400)
        /// The request line is longer than `HTTPParserLimits.maxRequestLine`: 414.
        public static let uriTooLong = Code("uri_too_long", status: 414)
        /// The header or trailer section exceeds its byte or field-count limit: 431.
        public static let headerFieldsTooLarge = Code("header_fields_too_large", status: 431)
        /// The body exceeds the request's body limit: 413.
        public static let contentTooLarge = Code("content_too_large", status: 413)
        /// A well-formed HTTP version other than 1.0 or 1.1: 505.
        public static let versionNotSupported = Code("version_not_supported", status: 505)

        public var description: String { "\(rawValue) (\(status))" }
    }

    /// What went wrong.
    public let code: Code
    /// Detail for the server's log; never send it to the client.
    public let detail: String

    /// The HTTP status the server must answer with.
    public var status: Int { code.status }

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
