import RPCCore
import Dispatch
import GatewayHTTP
import GatewayServer

/// The gateway behind the HTTP server: head decisions and pings on the event loop, calls in tasks.
extension Gateway: HTTPResponder {
    public func route(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPHeadDecision {
        let decision = decide(head, receivedAt: context.receivedAt, clientAddress: context.remoteAddress)
        if let response = decision.response { return .respond(response) }
        if let prepared = decision.prepared { return .proceedWith(bodyLimit: decision.bodyLimit, state: prepared) }
        return .proceed(bodyLimit: decision.bodyLimit)
    }

    public func respondImmediately(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse? {
        respondImmediately(to: request, receivedAt: context.receivedAt)
    }

    public func respond(to request: HTTPRequest, context: HTTPRequestContext) async -> HTTPResponse {
        await respond(to: request, receivedAt: context.receivedAt, clientAddress: context.remoteAddress, prepared: context.state as? Prepared)
    }

    /// Failures the server finds itself, in the same envelope (gateway/README.md §Errors).
    public func failureResponse(_ failure: HTTPServerFailure) -> HTTPResponse {
        let error: APIError
        switch failure {
        case .malformed(let parse):
            switch parse.status {
            case 413: error = APIError(413, "VAL_OUT_OF_RANGE", "The request body is larger than this route accepts")
            case 414: error = APIError(414, "VAL_OUT_OF_RANGE", "The request line is too long")
            case 431: error = APIError(431, "VAL_OUT_OF_RANGE", "The request's header fields are too large")
            case 505: error = APIError(505, "VAL_INVALID_FORMAT", "Only HTTP/1.0 and HTTP/1.1 are served")
            default: error = APIError(parse.status, "VAL_INVALID_FORMAT", "The request is not valid HTTP/1.1")
            }
        case .headerTimeout:
            error = APIError(408, "VAL_INVALID_FORMAT", "The request's header did not arrive in time")
        case .bodyTimeout:
            error = APIError(408, "VAL_INVALID_FORMAT", "The request's body did not arrive in time")
        case .overloaded:
            error = APIError(503, "SYS_SERVICE_UNAVAILABLE", "The gateway is at its connection limit; retry later",
                             headers: [(name: "Retry-After", value: "1")])
        }
        return Envelope.failure(error, meta: Envelope.Meta(requestID: RequestID.next(), startedAt: Deadline.now()))
    }

    /// Readiness fails from now on, so balancers stop sending before the server drains.
    public func beginDraining() { health.draining.store(true, ordering: .relaxed) }
}
