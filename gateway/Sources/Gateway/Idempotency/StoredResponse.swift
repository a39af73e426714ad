import GatewayHTTP

/// The first answer to an idempotent request, kept so a retry gets it again. The request id
/// and the timing header belong to the request that made it; the body keeps them as written
/// (its `meta.requestId` names the first request), while a replay carries its own
/// `X-Request-Id` and `Idempotent-Replayed: true`.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [Header]
    /// Nil when the body was larger than `bodyLimit`: the request is known to have been
    /// answered, but the answer cannot be given again.
    public var body: [UInt8]?

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(status: Int, headers: [Header], body: [UInt8]?) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Bodies above this are not kept (1 MiB: the default body limit of a route; a POST's
    /// answer, one resource or one page, is far smaller).
    static let bodyLimit = 1 << 20

    /// Headers of the answering request only, never replayed.
    static let perRequest: Set<String> = ["x-request-id", "server-timing"]

    /// `response` as kept, its body dropped above `limit`.
    init(_ response: HTTPResponse, limit: Int = StoredResponse.bodyLimit) {
        status = response.status
        headers = response.headers.filter { !Self.perRequest.contains($0.name.lowercased()) }.map { Header(name: $0.name, value: $0.value) }
        body = response.body.count <= limit ? response.body : nil
    }

    /// Whether an answer is kept for retries: every answer once the service was called
    /// (2xx, its 4xx, 502, 504: it may have acted), except 503, which means the service did
    /// not take the request (unavailable, overloaded, its database down), so a retry runs afresh.
    static func keeps(_ response: HTTPResponse) -> Bool { response.status != 503 }

    /// The answer to a retry: the kept one, with this request's id.
    func replay(meta: Envelope.Meta) -> HTTPResponse {
        let marks = [(name: "X-Request-Id", value: meta.requestID), (name: "Idempotent-Replayed", value: "true")]
        guard let body else {
            var error = APIError(409, "RES_ALREADY_EXISTS",
                                 "A request with this Idempotency-Key was already answered (status \(status)); the answer was too large to keep",
                                 field: IdempotencyKey.header)
            error.headers = [marks[1]]
            return Envelope.failure(error, meta: meta)
        }
        return HTTPResponse(status: status, headers: headers.map { (name: $0.name, value: $0.value) } + marks, body: body)
    }

    /// The headers as `name: value` lines, for a text column (values the gateway writes
    /// never contain a line break).
    var headerLines: String { headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    static func headers(lines: String) -> [Header] {
        lines.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Header(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].dropFirst()))
        }
    }
}
