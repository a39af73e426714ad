/// Something that can make a unary call: the runtime's `Client`, or a test double of
/// a transport. Generated clients are built on this.
public protocol RPCCaller: Sendable {
    /// Sends `request` (an encoded message) to `method` and returns the encoded response.
    /// Throws `RPCError` with the status the call ended with.
    func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8]

    /// Executors on which calls start without a thread hand-off (the transport's event
    /// loops); a task that prefers one of them calls cheapest. Empty when there are none.
    var preferredExecutors: [any TaskExecutor] { get }
}

extension RPCCaller {
    public var preferredExecutors: [any TaskExecutor] { [] }
}

/// Per-call settings.
public struct CallOptions: Sendable {
    /// How long the call may take; nil inherits the serving handler's deadline, or none.
    public var timeout: Duration?
    /// Metadata to send; keys missing here are inherited from the serving handler's call.
    public var metadata: Metadata

    public init(timeout: Duration? = nil, metadata: Metadata = Metadata()) {
        self.timeout = timeout
        self.metadata = metadata
    }
}

extension RPCCaller {
    /// A typed unary call.
    public func unary<Request: ProtoMessage, Response: ProtoMessage>(
        _ method: MethodDescriptor, _ request: Request, as: Response.Type = Response.self, options: CallOptions = CallOptions()
    ) async throws -> Response {
        let bytes = try await call(method, request: request.encoded(), options: options)
        return try Response(decoding: bytes)
    }
}
