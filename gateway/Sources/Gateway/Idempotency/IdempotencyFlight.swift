import RPCCore
import Synchronization

/// One key's request in progress on this replica. Retries arriving here while it runs (or
/// while it waits on another replica's attempt) await its outcome instead of asking the store,
/// so a burst of retries costs one claim.
final class IdempotencyFlight: Sendable {
    /// How a flight ended, for the retries that awaited it.
    enum Outcome: Sendable {
        /// Answered: replay this.
        case answered(StoredResponse)
        /// Refused with this, the same for every attempt (a key used with another request,
        /// the store unreachable).
        case refused(APIError)
        /// Nothing is kept (the attempt was not taken by the service, or it stopped waiting on
        /// another replica): start over.
        case retry
    }

    struct State {
        var outcome: Outcome?
        var waiters: [Int: (continuation: CheckedContinuation<Outcome?, Never>, timer: Task<Void, Never>?)] = [:]
        var nextWaiter = 0
    }

    let fingerprint: [UInt8]
    private let state = Mutex(State())

    init(fingerprint: [UInt8]) { self.fingerprint = fingerprint }

    /// The outcome, or nil when `deadline` passes first.
    func wait(until deadline: Deadline) async -> Outcome? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
            let id: Int? = state.withLock { state in
                guard state.outcome == nil else { return nil }
                defer { state.nextWaiter += 1 }
                state.waiters[state.nextWaiter] = (continuation, nil)
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: state.withLock { $0.outcome }) }
            let timer = Task {
                try? await Task.sleep(for: .nanoseconds(Int64(clamping: deadline.remainingNanoseconds())))
                self.timeOut(id)
            }
            let resolved = state.withLock { state in
                guard state.waiters[id] != nil else { return true }
                state.waiters[id]?.timer = timer
                return false
            }
            if resolved { timer.cancel() }
        }
    }

    private func timeOut(_ id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: nil)
    }

    /// Ends the flight: every waiter gets `outcome`, and so does any that comes later.
    func resolve(_ outcome: Outcome) {
        let waiters = state.withLock { state in
            state.outcome = outcome
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: outcome)
        }
    }
}
