/// Calls one target over a pool of multiplexed connections, with deadlines that
/// propagate from the serving handler, cancellation, reconnects and budgeted retries.
///
/// ```swift
/// let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:7101", tls: tls))
/// let echo = try await TestServiceClient(client).echo(EchoRequest(text: "hi"))
/// client.close()
/// ```
public final class Client: RPCCaller, Sendable {
    public init(configuration: ClientConfiguration) throws { fatalError("not yet implemented") }
    public func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] { fatalError() }
    /// Closes every connection; calls in flight fail with UNAVAILABLE.
    public func close() { fatalError() }
}
