import GatewayHTTP

/// Where a request came from, for logs, rate limits and latency metrics.
public struct HTTPRequestContext: Sendable {
    /// The peer as `address:port`.
    public var remoteAddress: String
    /// Whether the connection is TLS.
    public var isTLS: Bool
    /// Monotonic nanoseconds (`CLOCK_MONOTONIC`) when the request's head was complete.
    public var receivedAt: UInt64
    /// What `route` decided about this request's head (`proceed(bodyLimit:state:)`), handed to
    /// `respondImmediately` and `respond` so they need not decide it again.
    public var state: (any Sendable)?

    /// Creates a context; the server makes these, tests may too.
    public init(remoteAddress: String, isTLS: Bool, receivedAt: UInt64, state: (any Sendable)? = nil) {
        self.remoteAddress = remoteAddress
        self.isTLS = isTLS
        self.receivedAt = receivedAt
        self.state = state
    }
}

/// A failure the server detects itself; it asks the responder for the body, sends it, and closes.
public enum HTTPServerFailure: Sendable {
    /// The parser refused the request; answer `error.status` (400, 413, 414, 431 or 505).
    case malformed(HTTPParseError)
    /// The head did not arrive within `headerTimeout`: answer 408.
    case headerTimeout
    /// The body did not arrive within `bodyTimeout`: answer 408.
    case bodyTimeout
    /// The server is at `maxConnections`: answer 503.
    case overloaded

    /// The status the server expects for this failure; `failureResponse` may use it.
    public var status: Int {
        switch self {
        case .malformed(let error): error.status
        case .headerTimeout, .bodyTimeout: 408
        case .overloaded: 503
        }
    }
}

/// What to do once a request's head is parsed.
public enum HTTPHeadDecision: Sendable {
    /// Read the body with this limit (nil: the configured default), then call the responder.
    /// A client waiting on `Expect: 100-continue` is sent `100 Continue` now.
    case proceed(bodyLimit: Int?)
    /// As `proceed`, carrying what the responder learned from the head (its route, the caller)
    /// to `respondImmediately` and `respond` in `HTTPRequestContext.state`. The server drops
    /// the state once it has handed it on, or as soon as the request is abandoned (the
    /// connection closed or the body timed out), so a resource tied to its `deinit` is freed.
    case proceedWith(bodyLimit: Int?, state: any Sendable)
    /// Answer this without reading the body (404, 401, 405...). If the request has a body the
    /// connection is closed after the response, since the body's bytes are never read.
    case respond(HTTPResponse)
}

/// The application behind an `HTTPServer`.
///
/// For each request the server calls, in order: `route` when the head is parsed, then, once the
/// body is read, `respondImmediately`, and only if that returns nil, `respond` in a new task.
/// `route` and `respondImmediately` run on the connection's event loop, so they must not block;
/// `respond` runs in a task that prefers that loop. Responses reach the client in request order
/// whatever order they complete in.
///
/// ```swift
/// struct Edge: HTTPResponder {
///     static let pong = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"ok":true}"#.utf8))
///     func route(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPHeadDecision { .proceed(bodyLimit: nil) }
///     func respondImmediately(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse? {
///         request.head.path == "/health/ping" ? Self.pong : nil
///     }
///     func respond(to request: HTTPRequest, context: HTTPRequestContext) async -> HTTPResponse { await callBackend(request) }
///     func failureResponse(_ failure: HTTPServerFailure) -> HTTPResponse { HTTPResponse(status: failure.status) }
/// }
/// ```
public protocol HTTPResponder: Sendable {
    /// On the loop, once the head is parsed: the body limit for this request (nil = server
    /// default), or an immediate response that skips reading the body (e.g. 404 / 401 / 405).
    func route(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPHeadDecision
    /// On the loop, for a complete request: a response now (no task is created; for
    /// `/health/ping` and early errors), or nil to call `respond` in a task.
    func respondImmediately(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse?
    /// In a task preferring the connection's loop: the response to a complete request.
    func respond(to request: HTTPRequest, context: HTTPRequestContext) async -> HTTPResponse
    /// The response (a JSON envelope) for a failure the server detects itself; the server sends
    /// it with `Connection: close` and closes. Called on the loop.
    func failureResponse(_ failure: HTTPServerFailure) -> HTTPResponse
}
