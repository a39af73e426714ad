import RPCCore
import Synchronization

/// An upstream's caller behind a `FairQueue`: at most `slots` calls from this replica in
/// flight to it, the next slot going to the party (the call's tenant) whose turn it is. Time
/// spent waiting counts against the call's deadline.
final class FairCaller: RPCCaller, Sendable {
    let upstream: any RPCCaller
    private let queue: Mutex<FairQueue<CheckedContinuation<Void, Never>>>

    init(_ upstream: any RPCCaller, slots: Int) {
        self.upstream = upstream
        queue = Mutex(FairQueue(slots: slots))
    }

    func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let party: Party = options.metadata.tenant.map { .tenant($0) } ?? .anonymous
        let asked = Deadline.now()
        // A free slot is taken without suspending; `take` checks again under the lock, since
        // one may have been given back meanwhile.
        if !queue.withLock({ $0.takeIfFree() }) {
            await withCheckedContinuation { waiter in
                if queue.withLock({ $0.take(party, waiter: waiter) }) { waiter.resume() }
            }
        }
        defer { queue.withLock { $0.giveBack() }?.resume() }
        var options = options
        if let timeout = options.timeout {
            let waited = Duration.nanoseconds(Int64(Deadline.now() &- asked))
            guard waited < timeout else { throw RPCError(.deadlineExceeded, "the call's deadline passed while it waited for a slot") }
            options.timeout = timeout - waited
        }
        return try await upstream.call(method, request: request, options: options)
    }

    var preferredExecutors: [any TaskExecutor] { upstream.preferredExecutors }

    /// Calls waiting for a slot, for tests and metrics.
    var queued: Int { queue.withLock { $0.queued } }
}
