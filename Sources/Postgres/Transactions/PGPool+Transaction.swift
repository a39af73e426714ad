import Foundation
import RPCCore

extension PGPool {
    /// Runs `body` in one transaction: BEGIN, the tenant and statement timeout set for this
    /// transaction only, `body`, COMMIT; ROLLBACK when anything throws.
    ///
    /// ```swift
    /// let reservation = try await pool.withTransaction(tenant: tenantID, deadline: context.deadline) { tx in
    ///     let rows = try await tx.query("""
    ///         UPDATE stock SET reserved = reserved + \(quantity)
    ///         WHERE product_id = \(productID) AND on_hand - reserved >= \(quantity)
    ///         """)
    ///     guard rows.affectedRows == 1 else { throw CatalogError.stockInsufficient }
    ///     try await tx.query("INSERT INTO outbox (tenant_id, topic, body) VALUES (\(tenantID), 'stock.reserved', \(body))")
    ///     try await tx.notify(channel: "outbox", payload: "stock.reserved")
    ///     return Reservation(productID: productID, quantity: quantity)
    /// }
    /// ```
    ///
    /// - `tenant` is set with `set_config('app.tenant_id', tenant, true)`: row-level security
    ///   (`ServiceDatabase.tenantIsolation`) then shows and accepts that tenant's rows only; with
    ///   no tenant, tenant-owned tables look empty. It never outlives the transaction.
    /// - `deadline` (default: the current call's) bounds the wait for a connection and every
    ///   statement: `statement_timeout` is set to the time left, a statement is not sent once
    ///   it has passed, and it throws `.timeout` (DEADLINE_EXCEEDED) if it passed before BEGIN.
    /// - When the transaction fails with a serialization failure (40001) or a deadlock
    ///   (40P01), the whole closure runs again in a new transaction after a short jittered
    ///   backoff, up to `configuration.transactionAttempts` runs and never past the deadline.
    ///   So `body` must have no effects outside the database, and return what it computed
    ///   from the transaction it was given (`tx.attempt` says which run it is).
    ///
    /// The transaction object must not escape `body`.
    @discardableResult
    public func withTransaction<Result>(
        tenant: String? = nil,
        deadline: Deadline? = nil,
        isolation: PGTransaction.Isolation = .readCommitted,
        callerIsolation: isolated (any Actor)? = #isolation,
        _ body: (PGTransaction) async throws -> Result
    ) async throws -> Result {
        let deadline = deadline ?? CallContext.current?.deadline
        let attempts = max(1, configuration.transactionAttempts)
        var attempt = 1
        while true {
            if let deadline, deadline.hasPassed() {
                throw PGError(.timeout, message: "deadline passed before the transaction began")
            }
            let connection = try await checkout(deadline: deadline)
            let transaction = PGTransaction(connection: connection, tenant: tenant, deadline: deadline, attempt: attempt)
            var began = false
            do {
                try await transaction.begin(isolation)
                began = true
                let result = try await body(transaction)
                try await transaction.commit()
                transaction.close()
                release(connection)
                return result
            } catch {
                await transaction.rollback()
                transaction.close()
                release(connection)
                // Retry a lost race, or a connection that died before the closure ran (nothing
                // of it can have happened).
                let lostConnection = !began && (error as? PGError)?.code == .connectionClosed
                guard transaction.hadConflict || lostConnection || Self.isConflict(error), attempt < attempts else { throw error }
                let backoff = retryBackoff(after: attempt)
                if let deadline, deadline.remainingNanoseconds() <= UInt64(max(0, backoff.nanoseconds)) {
                    throw error
                }
                do { try await Task.sleep(for: backoff) } catch { throw PGError(.cancelled) }
                attempt += 1
            }
        }
    }

    /// `withTransaction` for a tenant given as a UUID.
    @discardableResult
    public func withTransaction<Result>(
        tenant: UUID?,
        deadline: Deadline? = nil,
        isolation: PGTransaction.Isolation = .readCommitted,
        callerIsolation: isolated (any Actor)? = #isolation,
        _ body: (PGTransaction) async throws -> Result
    ) async throws -> Result {
        try await withTransaction(
            tenant: tenant.map { $0.uuidString.lowercased() }, deadline: deadline, isolation: isolation,
            callerIsolation: callerIsolation, body)
    }

    private static func isConflict(_ error: any Error) -> Bool {
        guard let error = error as? PGError, let sqlState = error.sqlState else { return false }
        return PGError.isTransactionConflict(sqlState)
    }

    /// Full jitter: uniformly random up to `retryBackoff · 2^(attempt-1)`, capped by
    /// `maxRetryBackoff`, so transactions that collided do not collide again in step.
    func retryBackoff(after attempt: Int) -> Duration {
        let base = configuration.retryBackoff
        let bound = min(configuration.maxRetryBackoff, base * (1 << min(attempt - 1, 16)))
        let nanoseconds = bound.nanoseconds
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds))
    }
}
