/// The pool's bookkeeping as a pure state machine: who holds a connection, who waits, when
/// to open a new one. It performs no I/O; `PGPool` carries out what each event returns.
///
/// Invariants: `open` counts idle, checked-out and opening connections and never exceeds
/// `capacity`; a waiter exists only while every slot is taken; waiters are served first
/// come, first served.
struct PoolStateMachine<Connection> {
    /// What a checkout gets: an idle connection, or a free slot to open one in.
    enum Grant {
        case idle(Connection)
        case openSlot
    }

    enum CheckoutAction {
        case grant(Grant)
        /// Every slot is taken: the caller waits under `waiterID`.
        case wait
        case closed
    }

    /// What to do after a connection came back or went away.
    enum ReturnAction {
        case none
        /// Hand the grant to this waiter.
        case resume(waiterID: Int, Grant)
        /// The pool is closed: close the connection.
        case close(Connection)
    }

    let capacity: Int
    private(set) var idle: [Connection] = []
    private(set) var open = 0
    private(set) var waiters: [Int] = []
    private(set) var isClosed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// A caller wants a connection. Idle connections are reused most-recently-returned first,
    /// so a quiet pool keeps a few warm connections rather than cycling through all of them.
    mutating func checkout(waiterID: Int) -> CheckoutAction {
        if isClosed { return .closed }
        if let connection = idle.popLast() { return .grant(.idle(connection)) }
        if open < capacity {
            open += 1
            return .grant(.openSlot)
        }
        waiters.append(waiterID)
        return .wait
    }

    /// A healthy connection comes back.
    mutating func release(_ connection: Connection) -> ReturnAction {
        if isClosed {
            open -= 1
            return .close(connection)
        }
        if !waiters.isEmpty {
            return .resume(waiterID: waiters.removeFirst(), .idle(connection))
        }
        idle.append(connection)
        return .none
    }

    /// A connection went away (broken, failed its health check, or failed to open): its
    /// slot is free, and goes to the first waiter to open a new one.
    mutating func discard() -> ReturnAction {
        open -= 1
        if !isClosed, !waiters.isEmpty {
            open += 1
            return .resume(waiterID: waiters.removeFirst(), .openSlot)
        }
        return .none
    }

    /// A waiter gave up (deadline or cancellation). True when it was still waiting, so
    /// exactly one of give-up and hand-over resumes it.
    mutating func removeWaiter(_ waiterID: Int) -> Bool {
        guard let index = waiters.firstIndex(of: waiterID) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Closes the pool: returns the waiters to fail and the idle connections to close.
    mutating func close() -> (waiters: [Int], idle: [Connection]) {
        isClosed = true
        let result = (waiters, idle)
        open -= idle.count
        waiters = []
        idle = []
        return result
    }
}

extension PoolStateMachine.Grant: Sendable where Connection: Sendable {}
extension PoolStateMachine.CheckoutAction: Sendable where Connection: Sendable {}
extension PoolStateMachine.ReturnAction: Sendable where Connection: Sendable {}
