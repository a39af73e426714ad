/// A complete response the server frames and writes.
///
/// The server owns framing: it adds `Date`, `Content-Length` and, when the connection ends,
/// `Connection: close`; any of those three set here are dropped. A response to `HEAD`, and any
/// 204 or 304, is sent without its body (RFC 9110 §6.4.1).
public struct HTTPResponse: Sendable {
    /// The status code, 100...599.
    public var status: Int
    /// Header fields in order, names as they should be written.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response. Keep a constant response in a `let` to answer hot paths without
    /// allocating: the arrays are shared, not copied.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
