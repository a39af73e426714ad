import Synchronization

/// A clock a test moves by hand, in Unix milliseconds (FixedWindowLimiter, Gateway.limitClock).
final class ManualClock: Sendable {
    private let value: Atomic<Int64>

    init(milliseconds: Int64) { value = Atomic(milliseconds) }

    var milliseconds: Int64 {
        get { value.load(ordering: .relaxed) }
        set { value.store(newValue, ordering: .relaxed) }
    }

    func advance(milliseconds delta: Int64) { value.add(delta, ordering: .relaxed) }

    var now: @Sendable () -> Int64 { { self.value.load(ordering: .relaxed) } }
}
