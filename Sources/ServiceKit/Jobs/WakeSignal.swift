import Dispatch
import Synchronization

/// Wakes one waiting loop early: a NOTIFY arrived, or shutdown began. A signal sent while
/// nobody waits is kept, so the next `wait` returns at once and no wake-up is lost between
/// a loop's last look at the table and its next sleep.
///
/// ```swift
/// while !stopping {
///     try await sweep()
///     await wake.wait(timeout: .seconds(5))   // beginGracefulShutdown() calls wake.signal()
/// }
/// ```
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextID = 0
    }

    private let state = Mutex(State())

    /// A signal nobody has sent yet.
    public init() {}

    /// Wakes the waiter, or the next one to wait.
    public func signal() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume()
    }

    /// Returns when signalled or after `timeout`, whichever comes first.
    public func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> Int? in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.nextID += 1
                state.waiter = (state.nextID, continuation)
                return state.nextID
            }
            guard let id else { return continuation.resume() }
            let nanoseconds = max(0, timeout.milliseconds) * 1_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) {
                self.timeOut(id)
            }
        }
    }

    private func timeOut(_ id: Int) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume()
    }
}
