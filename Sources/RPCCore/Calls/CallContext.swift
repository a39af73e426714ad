/// What a handler knows about the call it serves. Bound as a task local while the
/// handler runs, so outbound calls inherit its deadline and metadata.
public struct CallContext: Sendable {
    public let method: MethodDescriptor
    public let metadata: Metadata
    public let deadline: Deadline?
    /// The caller's identity from its certificate: `spiffe://<trust-domain>/<component>`.
    public let peer: String

    public init(method: MethodDescriptor, metadata: Metadata, deadline: Deadline?, peer: String) {
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
    }

    /// The call being served by the current task, if any.
    @TaskLocal public static var current: CallContext?
}
