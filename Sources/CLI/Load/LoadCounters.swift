import Synchronization

/// Totals the lanes bump as calls finish, for the once-a-second progress line, and the
/// stop flag an interrupt sets. Relaxed atomics: lanes never wait on each other.
public final class LoadCounters: Sendable {
    let requests = Atomic<UInt64>(0)
    let errors = Atomic<UInt64>(0)
    let stopRequested = Atomic<Bool>(false)

    public init() {}

    /// Calls finished in the measured window so far.
    public var requestCount: UInt64 { requests.load(ordering: .relaxed) }
    /// Of those, calls that did not end OK.
    public var errorCount: UInt64 { errors.load(ordering: .relaxed) }

    /// Asks every lane to stop sending; calls in flight still finish and count.
    public func requestStop() { stopRequested.store(true, ordering: .relaxed) }
    public var isStopRequested: Bool { stopRequested.load(ordering: .relaxed) }

    @inline(__always)
    func add(ok: Bool) {
        requests.wrappingAdd(1, ordering: .relaxed)
        if !ok { errors.wrappingAdd(1, ordering: .relaxed) }
    }
}
