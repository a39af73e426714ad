import CommonAPI
import RPCCore
import TestingAPI

/// `cerniq.testing.v1.TestService`: calls with predictable behaviour, used to exercise
/// and benchmark the runtime.
///
/// ```swift
/// let server = try Server(configuration: config, services: [TestingService().serviceDefinition])
/// ```
public struct TestingService: TestServiceHandler {
    private let upstream: TestServiceClient?

    /// A service whose `relay` forwards to `upstream` while hops remain; without one,
    /// `relay` answers itself.
    public init(upstream: TestServiceClient? = nil) {
        self.upstream = upstream
    }

    /// Returns the payload and text unchanged.
    public func echo(_ request: EchoRequest, context: CallContext) async throws -> EchoResponse {
        EchoResponse(payload: request.payload, text: request.text)
    }

    /// Waits `delay_ms`; throws `CancellationError` as soon as the call is cancelled.
    public func slow(_ request: SlowRequest, context: CallContext) async throws -> SlowResponse {
        let clock = ContinuousClock()
        let start = clock.now
        try await Task.sleep(for: .milliseconds(request.delayMs), clock: clock)
        let (seconds, attoseconds) = (clock.now - start).components
        let waited = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return SlowResponse(completed: true, waitedMs: UInt32(clamping: waited))
    }

    /// Always throws `RPCError` with the requested code and message, and `StatusDetails`
    /// carrying `error_code`. Code 0 (OK) or an unknown code fails as UNKNOWN: this
    /// method never succeeds.
    public func fail(_ request: FailRequest, context: CallContext) async throws -> FailResponse {
        let code = (1...16).contains(request.code) ? RPCError.Code(rawValue: UInt8(request.code)) : .unknown
        let details = StatusDetails(code: request.errorCode, message: request.message)
        throw RPCError(code, request.message, details: details.encoded())
    }

    /// Forwards to the upstream with one hop fewer while hops remain, counting the hop
    /// on the way back; the last server answers with the deadline it had left.
    public func relay(_ request: RelayRequest, context: CallContext) async throws -> RelayResponse {
        guard request.hops > 0, let upstream else {
            return RelayResponse(payload: request.payload, hops: 0,
                                 remainingDeadlineMs: context.deadline?.remainingMilliseconds() ?? 0)
        }
        var forwarded = request
        forwarded.hops -= 1
        var response = try await upstream.relay(forwarded)
        response.hops += 1
        return response
    }

    /// Returns the sample unchanged.
    public func inspect(_ request: Sample, context: CallContext) async throws -> Sample {
        request
    }
}
