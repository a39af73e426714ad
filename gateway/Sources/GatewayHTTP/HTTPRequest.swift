/// An HTTP version from the request line.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major digit.
    public var major: Int
    /// The minor digit.
    public var minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the request's body is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Hashable {
    /// No body.
    case none
    /// Exactly this many bytes.
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A request's line and header section: what the server routes on before the body arrives.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, case-sensitive (`GET`, `POST`, ...).
    public var method: String
    /// The request target as sent: path and query in origin form.
    public var target: String
    /// The protocol version, 1.0 or 1.1.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders
    /// How the body is delimited.
    public var framing: HTTPBodyFraming
    /// Whether the connection stays open after this request: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits for `100 Continue` before the
    /// body (RFC 9110 §10.1.1); always false for HTTP/1.0, which must ignore it.
    public var expectsContinue: Bool

    /// Creates a head; the parser makes these, tests and adapters may too.
    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, framing: HTTPBodyFraming, keepAlive: Bool, expectsContinue: Bool) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// The target's path: everything before the first `?`.
    public var path: Substring {
        // Searched as bytes: `?` is ASCII, and a Character search costs more than the request.
        target[..<(target.utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)]
    }

    /// The target's query after the first `?`, or nil when there is none.
    public var query: Substring? {
        target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[target.utf8.index(after: $0)...] }
    }
}

/// A complete request: head, body and any chunked trailers.
public struct HTTPRequest: Sendable, Equatable {
    /// The request line and headers.
    public var head: HTTPRequestHead
    /// The body, de-chunked.
    public var body: [UInt8]
    /// Trailer fields after a chunked body; empty otherwise.
    public var trailers: HTTPHeaders

    /// Creates a request.
    public init(head: HTTPRequestHead, body: [UInt8], trailers: HTTPHeaders = HTTPHeaders()) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }

    /// The method token.
    public var method: String { head.method }
    /// The request target.
    public var target: String { head.target }
    /// The protocol version.
    public var version: HTTPVersion { head.version }
    /// The header fields.
    public var headers: HTTPHeaders { head.headers }
    /// Whether the connection stays open after this request.
    public var keepAlive: Bool { head.keepAlive }
}
