/// A service as a server hosts it: its name and one handler per method.
/// Generated `<Service>Handler` protocols produce these; see `TestingAPI`.
public struct ServiceDefinition: Sendable {
    public let name: String
    public let methods: [MethodHandler]

    public init(name: String, methods: [MethodHandler]) {
        self.name = name
        self.methods = methods
    }
}

/// The call a handler will run once its request is decoded.
public typealias PreparedCall = @Sendable (CallContext) async throws -> any ProtoMessage

/// One method of a hosted service.
public struct MethodHandler: Sendable {
    public let descriptor: MethodDescriptor
    /// Decodes the request synchronously (the bytes are valid only during this call)
    /// and returns the call to run; throws `RPCError(.invalidArgument)` for bad bytes.
    public let prepare: @Sendable (UnsafeRawBufferPointer) throws -> PreparedCall

    public init(descriptor: MethodDescriptor, prepare: @escaping @Sendable (UnsafeRawBufferPointer) throws -> PreparedCall) {
        self.descriptor = descriptor
        self.prepare = prepare
    }
}
