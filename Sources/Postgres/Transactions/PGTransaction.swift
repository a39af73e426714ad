import RPCCore
import Synchronization

/// One attempt of a transaction opened by `PGPool.withTransaction`. Valid only inside the
/// closure it was passed to; using it afterwards throws `.transactionClosed`.
///
/// Every statement runs under the transaction's tenant (row-level security sees that
/// tenant's rows only) and is refused once the deadline has passed.
public final class PGTransaction: Sendable {
    /// The isolation level a transaction runs at.
    public enum Isolation: Sendable, Hashable {
        /// Each statement sees what was committed before it began (PostgreSQL's default).
        case readCommitted
        /// Every statement sees the snapshot taken at the first; conflicting writes fail with 40001.
        case repeatableRead
        /// As if transactions ran one at a time; any anomaly fails one of them with 40001.
        case serializable

        var sql: String {
            switch self {
            case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
            case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
            }
        }
    }

    private struct State {
        var isOpen = true
        var firstFailure: PGError?
    }

    let connection: PGConnection
    /// The tenant whose rows this transaction sees (`app.tenant_id`), if any.
    public let tenant: String?
    /// When the transaction must be done.
    public let deadline: Deadline?
    /// Which run of the closure this is, from 1; above 1 after a serialization failure or deadlock.
    public let attempt: Int
    private let state = Mutex(State())

    init(connection: PGConnection, tenant: String?, deadline: Deadline?, attempt: Int) {
        self.connection = connection
        self.tenant = tenant
        self.deadline = deadline
        self.attempt = attempt
    }

    /// Runs one statement in the transaction.
    @discardableResult
    public func query(_ query: PGQuery) async throws -> PGRows {
        try checkOpen()
        do {
            return try await connection.query(query, deadline: deadline)
        } catch let error as PGError {
            record(error)
            throw error
        }
    }

    /// Sends `payload` on `channel` with `pg_notify`, delivered to listeners only if and when
    /// the transaction commits (and once per distinct payload: PostgreSQL folds duplicates).
    public func notify(channel: String, payload: String) async throws {
        try await query("SELECT pg_notify(\(channel), \(payload))")
    }

    // MARK: Used by withTransaction

    func begin(_ isolation: Isolation) async throws {
        try await script(isolation.sql)
        let timeout = try deadline.map { deadline in
            guard let milliseconds = deadline.remainingMilliseconds() else {
                throw PGError(.timeout, message: "deadline passed before the transaction began")
            }
            return String(milliseconds)
        }
        // Both settings are local to the transaction (the `true`), so a connection returned
        // to the pool carries neither a tenant nor a timeout into its next use.
        switch (tenant, timeout) {
        case (nil, nil): break
        case (let tenant?, nil):
            try await query("SELECT set_config('app.tenant_id', \(tenant), true)")
        case (nil, let timeout?):
            try await query("SELECT set_config('statement_timeout', \(timeout), true)")
        case (let tenant?, let timeout?):
            try await query("SELECT set_config('app.tenant_id', \(tenant), true), set_config('statement_timeout', \(timeout), true)")
        }
    }

    func commit() async throws {
        let rows = try await script("COMMIT")
        // COMMIT of a transaction in which a statement failed reports ROLLBACK, not an error.
        if rows.commandTag == "ROLLBACK" {
            let failure = state.withLock { $0.firstFailure }
            var error = PGError(.transactionRolledBack, sqlState: failure?.sqlState, message: "COMMIT rolled back: a statement had failed")
            error.detail = failure.map { String(reflecting: $0) }
            throw error
        }
    }

    /// Rolls back, if the connection still can. Errors are not thrown: a connection that
    /// cannot roll back is left outside idle state and the pool closes it.
    func rollback() async {
        _ = try? await connection.execute(script: "ROLLBACK", deadline: nil, cancellable: false)
    }

    /// Ends this attempt: later use throws `.transactionClosed`.
    func close() {
        state.withLock { $0.isOpen = false }
    }

    /// Whether a statement of this attempt lost a race (40001 or 40P01): the whole
    /// transaction is doomed, whatever the closure made of the error.
    var hadConflict: Bool {
        state.withLock { $0.firstFailure?.sqlState.map(PGError.isTransactionConflict) ?? false }
    }

    /// Runs SQL text that may hold several statements, without parameters (migrations).
    @discardableResult
    func script(_ sql: String) async throws -> PGRows {
        try checkOpen()
        do {
            return try await connection.execute(script: sql, deadline: deadline)
        } catch let error as PGError {
            record(error)
            throw error
        }
    }

    private func checkOpen() throws {
        guard state.withLock({ $0.isOpen }) else {
            throw PGError(.transactionClosed, message: "the transaction was used after its closure returned")
        }
    }

    private func record(_ error: PGError) {
        state.withLock { state in
            if state.firstFailure == nil, error.sqlState != nil { state.firstFailure = error }
        }
    }
}
