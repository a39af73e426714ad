import RPCCore

/// One call as the client tracks it, from submission to its single outcome.
/// Created off-loop; every field after `init`, the continuation included, is touched on the loop only.
final class PendingCall: @unchecked Sendable {
    let method: MethodDescriptor
    let request: [UInt8]
    let metadata: Metadata
    let deadline: Deadline?
    private var continuation: UnsafeContinuation<[UInt8], any Error>?
    /// Where the call went, so cancellation can find it.
    var session: ClientSession?
    var streamID: UInt32 = 0
    var deadlineTimer: TimerHeap.ID?
    private(set) var cancelled = false

    init(method: MethodDescriptor, request: [UInt8], metadata: Metadata, deadline: Deadline?) {
        self.method = method
        self.request = request
        self.metadata = metadata
        self.deadline = deadline
    }

    func attach(_ continuation: UnsafeContinuation<[UInt8], any Error>) {
        self.continuation = continuation
    }

    /// Delivers the outcome once; later outcomes (a response racing a timeout) are dropped.
    func resolve(_ result: Result<[UInt8], any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    /// The caller's task was cancelled: tell the server, fail the call.
    func cancel() {
        cancelled = true
        session?.cancel(self)
        resolve(.failure(RPCError(.cancelled, "call cancelled")))
    }
}
