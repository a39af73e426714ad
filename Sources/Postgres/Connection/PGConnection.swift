import CLibPQ
import Dispatch
import Foundation
import RPCCore
import Synchronization

/// One libpq connection, used by one caller at a time (the pool hands it out).
///
/// libpq calls block, so every call on the connection runs on the connection's own serial
/// DispatchQueue, never on Swift's cooperative pool; callers `await` the result. Queues made
/// with `DispatchQueue(label:)` target Dispatch's overcommitting root queue, which adds a
/// thread when one blocks, so many busy connections do not starve each other.
///
/// Cancellation and deadlines reach a running statement through `PQcancel`, which is
/// thread-safe and sent from a separate queue while the connection's queue waits.
final class PGConnection: @unchecked Sendable {
    enum CancelReason: Sendable {
        case timeout
        case cancelled
    }

    /// State shared with other threads (cancellation, the pool's release decision).
    private struct Control {
        var cancelHandle: CancelHandle?
        var nextOperation: UInt64 = 0
        /// Every operation up to this one has ended; a late cancel for one of them is ignored.
        var finishedThrough: UInt64 = 0
        var running: UInt64?
        var cancelled: (operation: UInt64, reason: CancelReason)?
        var broken = false
        var transactionStatus = PQTRANS_IDLE
    }

    /// A `PGcancel`: libpq documents `PQcancel` as safe to call from any thread.
    private struct CancelHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Where cancel requests are sent from: `PQcancel` opens a connection to the server
    /// and blocks, so it runs neither on the cooperative pool nor on the busy connection's queue.
    private static let cancelQueue = DispatchQueue(label: "cerniq.postgres.cancel", attributes: .concurrent)

    let id: Int
    private let options: Options
    private let queue: DispatchQueue
    private let control = Mutex(Control())

    // Confined to `queue`.
    private var handle: OpaquePointer?
    private var statements: StatementCache
    private var pendingDeallocations: [String] = []
    private var lastUsed: UInt64 = Deadline.now()

    private init(id: Int, options: Options) {
        self.id = id
        self.options = options
        self.queue = DispatchQueue(label: "cerniq.postgres.connection.\(id)")
        self.statements = StatementCache(capacity: options.statementCacheCapacity)
    }

    deinit {
        if let handle { PQfinish(handle) }
        control.withLock { control in
            if let cancel = control.cancelHandle { PQfreeCancel(cancel.pointer) }
        }
    }

    /// Opens a connection; throws `.connectionFailed` with libpq's message when it cannot.
    static func connect(id: Int, options: Options, deadline: Deadline?) async throws -> PGConnection {
        let connection = PGConnection(id: id, options: options)
        try await connection.onQueue { try connection.open(deadline: deadline) }
        return connection
    }

    // MARK: Statements

    /// Runs one statement as a prepared statement, preparing it on first use.
    func query(_ query: PGQuery, deadline: Deadline?) async throws -> PGRows {
        let rendered = try query.render()
        return try await perform(sql: rendered.sql, deadline: deadline) { try self.runPrepared(rendered) }
    }

    /// Runs SQL text without parameters through the simple protocol, which allows several
    /// statements separated by semicolons (migrations, BEGIN, role DDL). Returns the last result.
    /// `cancellable: false` runs it even for a cancelled task (ROLLBACK must still happen).
    func execute(script sql: String, deadline: Deadline?, cancellable: Bool = true) async throws -> PGRows {
        guard !sql.utf8.contains(0) else {
            throw PGError(.invalidParameter, message: "the SQL text contains a NUL byte", query: sql)
        }
        return try await perform(sql: sql, deadline: deadline, cancellable: cancellable) { try self.runSimple(sql) }
    }

    /// Whether the pool may hand this connection out again: open, not broken, and not left
    /// inside a transaction.
    var isReusable: Bool {
        control.withLock { !$0.broken && $0.transactionStatus == PQTRANS_IDLE }
    }

    /// Checks an idle connection before it is handed out. A backend that was terminated
    /// while the connection sat idle (`pg_terminate_backend`, a server restart) has already
    /// sent its FATAL message and closed the socket, so a readable socket is the cheap signal;
    /// after `pingAfterIdle` of silence an empty query asks the server directly.
    func checkHealth(pingAfterIdle: Duration) async -> Bool {
        let pingAfter = UInt64(max(0, pingAfterIdle.nanoseconds))
        return (try? await onQueue { self.isHealthy(pingAfterNanoseconds: pingAfter) }) ?? false
    }

    /// Closes the connection in the background; nothing waits for it.
    func close() {
        control.withLock { $0.broken = true }
        queue.async {
            if let handle = self.handle { PQfinish(handle) }
            self.handle = nil
        }
    }

    // MARK: Running work on the queue

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `work` on the queue as one cancellable operation bounded by `deadline`.
    private func perform(
        sql: String, deadline: Deadline?, cancellable: Bool = true, _ work: @escaping @Sendable () throws -> PGResult
    ) async throws -> PGRows {
        if cancellable, Task.isCancelled { throw PGError(.cancelled, query: sql) }
        if let deadline, deadline.hasPassed() {
            throw PGError(.timeout, message: "deadline passed before the statement was sent", query: sql)
        }
        let operation = control.withLock { control -> UInt64 in
            control.nextOperation += 1
            return control.nextOperation
        }
        var timer: DispatchWorkItem?
        if let deadline {
            let item = DispatchWorkItem { [weak self] in self?.cancel(operation, reason: .timeout) }
            Self.cancelQueue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: deadline.remainingNanoseconds())), execute: item)
            timer = item
        }
        defer { timer?.cancel() }
        guard cancellable else { return try await onQueue { try self.run(operation, sql: sql, work) } }
        return try await withTaskCancellationHandler {
            try await onQueue { try self.run(operation, sql: sql, work) }
        } onCancel: {
            Self.cancelQueue.async { self.cancel(operation, reason: .cancelled) }
        }
    }

    private func run(_ operation: UInt64, sql: String, _ work: () throws -> PGResult) throws -> PGRows {
        let alreadyCancelled = control.withLock { control -> CancelReason? in
            if let cancelled = control.cancelled, cancelled.operation == operation { return cancelled.reason }
            control.running = operation
            return nil
        }
        if let reason = alreadyCancelled { throw Self.cancellationError(reason, sql: sql) }
        defer {
            lastUsed = Deadline.now()
            let status = handle.map { PQtransactionStatus($0) } ?? PQTRANS_UNKNOWN
            control.withLock { control in
                control.running = nil
                control.finishedThrough = operation
                control.transactionStatus = status
            }
        }
        do {
            return PGRows(try work())
        } catch let error as PGError where error.sqlState == "57014" {
            // query_canceled: if this connection asked for it, say why.
            let reason = control.withLock { control -> CancelReason? in
                guard let cancelled = control.cancelled, cancelled.operation == operation else { return nil }
                return cancelled.reason
            }
            guard let reason else { throw error }
            var translated = error
            translated.code = reason == .timeout ? .timeout : .cancelled
            throw translated
        }
    }

    private static func cancellationError(_ reason: CancelReason, sql: String) -> PGError {
        reason == .timeout
            ? PGError(.timeout, message: "deadline passed before the statement was sent", query: sql)
            : PGError(.cancelled, query: sql)
    }

    /// Asks the server to cancel `operation` if it is the one running; remembers the reason
    /// so the resulting query_canceled error can be reported as a timeout or a cancellation.
    private func cancel(_ operation: UInt64, reason: CancelReason) {
        control.withLock { control in
            guard operation > control.finishedThrough, control.cancelled?.operation != operation else { return }
            control.cancelled = (operation, reason)
            guard control.running == operation, let cancel = control.cancelHandle else { return }
            // Holding the lock keeps the next statement from starting before the request is
            // sent, so a late timer cannot cancel a statement it was not meant for.
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel.pointer, &buffer, Int32(buffer.count))
        }
    }

    // MARK: libpq, on the queue

    private func open(deadline: Deadline?) throws {
        let connection = try options.connect(deadline: deadline)
        handle = connection
        let cancel = PQgetCancel(connection).map(CancelHandle.init)
        control.withLock { $0.cancelHandle = cancel }
        lastUsed = Deadline.now()
    }

    private func openHandle(sql: String) throws -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            control.withLock { $0.broken = true }
            throw PGError(.connectionClosed, message: "the connection is closed", query: sql)
        }
        return handle
    }

    private func runPrepared(_ query: RenderedQuery) throws -> PGResult {
        let handle = try openHandle(sql: query.sql)
        deallocateEvictedStatements(handle)
        let key = StatementCache.Key(sql: query.sql, types: query.types.map(\.rawValue))
        let name: String
        if let cached = statements.lookup(key) {
            name = cached
        } else {
            name = statements.makeName()
            let types = query.types.map { Oid($0.rawValue) }
            let prepared = PQprepare(handle, name, query.sql, Int32(types.count), types)
            _ = try check(prepared, sql: query.sql)
            if let evicted = statements.insert(key, name: name) { pendingDeallocations.append(evicted) }
        }
        let parameters = ParameterBuffers(query.values)
        let result = PQexecPrepared(
            handle, name, Int32(query.values.count), parameters.values, parameters.lengths, parameters.formats, 0)
        do {
            return try check(result, sql: query.sql)
        } catch let error as PGError where error.sqlState == "26000" || error.sqlState == "0A000" {
            // 26000: the server no longer has the statement (a DISCARD ran); 0A000: its plan
            // no longer fits a changed table ("cached plan must not change result type").
            // Prepare afresh next time.
            if let stale = statements.remove(key), error.sqlState == "0A000" { pendingDeallocations.append(stale) }
            throw error
        }
    }

    private func runSimple(_ sql: String) throws -> PGResult {
        let handle = try openHandle(sql: sql)
        return try check(PQexec(handle, sql), sql: sql)
    }

    /// DEALLOCATE raises an error for an unknown name, which would abort a transaction, so
    /// evicted statements are dropped only between transactions.
    private func deallocateEvictedStatements(_ handle: OpaquePointer) {
        guard !pendingDeallocations.isEmpty, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        for name in pendingDeallocations {
            PQclear(PQexec(handle, "DEALLOCATE " + PGQuery.quoteIdentifier(name)))
        }
        pendingDeallocations.removeAll()
    }

    /// Turns a libpq result into a `PGResult` or the error it carries.
    private func check(_ result: OpaquePointer?, sql: String) throws -> PGResult {
        let connectionLost = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        if connectionLost { control.withLock { $0.broken = true } }
        guard let result else {
            throw PGError(code: connectionLost ? .connectionClosed : .queryFailed, connection: handle, query: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGResult(result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // COPY needs its own protocol; the connection is left mid-COPY and cannot be reused.
            PQclear(result)
            control.withLock { $0.broken = true }
            throw PGError(.queryFailed, message: "COPY is not supported through this API", query: sql)
        default:
            let error = PGError(code: connectionLost ? .connectionClosed : .queryFailed, result: result, query: sql)
            PQclear(result)
            throw error
        }
    }

    private func isHealthy(pingAfterNanoseconds: UInt64) -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK, !control.withLock({ $0.broken }) else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 {
            // An idle pooled connection expects nothing from the server (it never LISTENs).
            // What does arrive is nearly always a backend saying goodbye: the FATAL of
            // pg_terminate_backend or a shutdown, which libpq hands to the notice processor
            // and drops, followed by EOF. Replace it rather than parse what came.
            control.withLock { $0.broken = true }
            return false
        }
        if Deadline.now() &- lastUsed >= pingAfterNanoseconds {
            let result = PQexec(handle, "")
            defer { PQclear(result) }
            guard let result, PQresultStatus(result) == PGRES_EMPTY_QUERY else {
                control.withLock { $0.broken = true }
                return false
            }
            lastUsed = Deadline.now()
        }
        return true
    }
}
