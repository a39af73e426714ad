import Dispatch
import RPCCore
import Synchronization

/// A pool of PostgreSQL connections for one service, opened lazily up to `maxConnections`.
///
/// ```swift
/// let pool = PGPool(configuration: .init(url: environment["DATABASE_URL"]!, maxConnections: 20))
/// defer { pool.close() }
/// let count = try await pool.query("SELECT count(*) FROM products").first?.decode(Int.self, column: 0)
/// ```
///
/// Checkouts wait, first come first served, while every connection is busy, for at most the
/// caller's deadline (`CallContext.current`'s when none is given; else `checkoutTimeout`).
/// A connection whose server went away (a restart, `pg_terminate_backend`, a network cut) is
/// found by a cheap check when it is next checked out, or by the statement that fails on it,
/// and replaced by a fresh one; the failed statement throws `.connectionClosed`, a retryable
/// `UNAVAILABLE`. Tenant-scoped work goes through `withTransaction(tenant:…)`.
public final class PGPool: Sendable {
    typealias Machine = PoolStateMachine<PGConnection>

    /// What the pool was made with.
    public let configuration: Configuration

    private struct State {
        var machine: Machine
        var waiters: [Int: CheckedContinuation<Machine.Grant, any Error>] = [:]
        var nextWaiterID = 0
        var nextConnectionID = 0
        var listeners: [Int: NotificationListener] = [:]
        var nextListenerID = 0
    }

    private let state: Mutex<State>

    /// A pool for `configuration`; no connection is opened until the first checkout.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.state = Mutex(State(machine: Machine(capacity: configuration.maxConnections)))
    }

    /// A snapshot of the pool's connections, for metrics and tests.
    public struct Statistics: Sendable, Hashable {
        /// Connections open or opening, idle or in use.
        public var open: Int
        /// Open connections waiting to be checked out.
        public var idle: Int
        /// Callers waiting for a connection.
        public var waiting: Int
    }

    /// The pool's connections now.
    public var statistics: Statistics {
        state.withLock { Statistics(open: $0.machine.open, idle: $0.machine.idle.count, waiting: $0.machine.waiters.count) }
    }

    /// Runs one statement on a pooled connection, outside any transaction (so with no tenant
    /// set: on tenant-owned tables it sees no rows). `deadline` bounds the wait for a
    /// connection and the statement, which is cancelled on the server when it passes.
    @discardableResult
    public func query(_ query: PGQuery, deadline: Deadline? = nil) async throws -> PGRows {
        let deadline = deadline ?? CallContext.current?.deadline
        return try await withConnection(deadline: deadline) { connection in
            try await connection.query(query, deadline: deadline)
        }
    }

    /// Closes the pool: waiting checkouts fail with `.poolClosed`, idle connections close now
    /// and busy ones when they come back, notification streams finish.
    public func close() {
        let (waiters, idle, listeners) = state.withLock { state in
            let (waiterIDs, idle) = state.machine.close()
            let waiters = waiterIDs.compactMap { state.waiters.removeValue(forKey: $0) }
            let listeners = Array(state.listeners.values)
            state.listeners = [:]
            return (waiters, idle, listeners)
        }
        for waiter in waiters { waiter.resume(throwing: PGError(.poolClosed)) }
        for connection in idle { connection.close() }
        for listener in listeners { listener.stop() }
    }

    // MARK: Checkout and return

    /// Runs `body` with a connection checked out for it, returning the connection after.
    func withConnection<Result>(
        deadline: Deadline?, isolation: isolated (any Actor)? = #isolation,
        _ body: (PGConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await checkout(deadline: deadline)
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    /// A healthy connection, waiting for one until `deadline` (or `checkoutTimeout`).
    func checkout(deadline: Deadline?) async throws -> PGConnection {
        let limit = deadline ?? Deadline.after(configuration.checkoutTimeout)
        let expiry: PGError.Code = deadline == nil ? .poolExhausted : .timeout
        while true {
            if Task.isCancelled { throw PGError(.cancelled) }
            if limit.hasPassed() { throw PGError(expiry, message: "no connection became free in time") }
            switch try await grant(until: limit, expiry: expiry) {
            case .idle(let connection):
                if await connection.checkHealth(pingAfterIdle: configuration.pingAfterIdle) { return connection }
                discard(connection)
            case .openSlot:
                let id = state.withLock { state -> Int in
                    state.nextConnectionID += 1
                    return state.nextConnectionID
                }
                do {
                    return try await PGConnection.connect(id: id, options: configuration.connectionOptions, deadline: limit)
                } catch {
                    settle { $0.discard() }
                    throw error
                }
            }
        }
    }

    /// Gives a connection back: reused when healthy and outside a transaction, else closed.
    func release(_ connection: PGConnection) {
        guard connection.isReusable else { return discard(connection) }
        settle { $0.release(connection) }
    }

    private func discard(_ connection: PGConnection) {
        connection.close()
        settle { $0.discard() }
    }

    /// A slot or an idle connection, waiting while every slot is taken.
    private func grant(until limit: Deadline, expiry: PGError.Code) async throws -> Machine.Grant {
        let waiterID = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let action = state.withLock { state -> Machine.CheckoutAction in
                    let action = state.machine.checkout(waiterID: waiterID)
                    if case .wait = action { state.waiters[waiterID] = continuation }
                    return action
                }
                switch action {
                case .grant(let grant):
                    continuation.resume(returning: grant)
                case .closed:
                    continuation.resume(throwing: PGError(.poolClosed))
                case .wait:
                    // The cancellation handler may have run before the waiter was registered.
                    if Task.isCancelled { return giveUp(waiterID, PGError(.cancelled)) }
                    let timeout = PGError(expiry, message: "no connection became free in time")
                    DispatchQueue.global().asyncAfter(
                        deadline: .now() + .nanoseconds(Int(clamping: limit.remainingNanoseconds()))
                    ) { [weak self] in self?.giveUp(waiterID, timeout) }
                }
            }
        } onCancel: {
            giveUp(waiterID, PGError(.cancelled))
        }
    }

    /// Fails a waiter that is still waiting; a waiter already served is left alone.
    private func giveUp(_ waiterID: Int, _ error: PGError) {
        let continuation = state.withLock { state in
            state.machine.removeWaiter(waiterID) ? state.waiters.removeValue(forKey: waiterID) : nil
        }
        continuation?.resume(throwing: error)
    }

    /// Lets the state machine decide what a returned or lost connection means, and carries
    /// it out; a waiter's continuation is taken in the same critical section as the decision.
    private func settle(_ decide: (inout Machine) -> Machine.ReturnAction) {
        let (action, continuation) = state.withLock { state in
            let action = decide(&state.machine)
            if case .resume(let waiterID, _) = action { return (action, state.waiters.removeValue(forKey: waiterID)) }
            return (action, nil)
        }
        switch action {
        case .none:
            break
        case .close(let connection):
            connection.close()
        case .resume(_, let grant):
            continuation?.resume(returning: grant)
        }
    }

    // MARK: Notification listeners

    func register(_ listener: NotificationListener) -> Int? {
        state.withLock { state -> Int? in
            guard !state.machine.isClosed else { return nil }
            state.nextListenerID += 1
            state.listeners[state.nextListenerID] = listener
            return state.nextListenerID
        }
    }

    func unregister(_ id: Int) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }
}
