import CLibPQ
import Foundation
import Synchronization

/// One LISTEN on a connection of its own, served by a thread of its own: the thread sleeps in
/// `poll` on the connection's socket and a wake-up pipe, reads with `PQconsumeInput`, and
/// yields each `PQnotifies` payload to the stream. When the connection breaks it reconnects
/// with backoff and LISTENs again; notifications sent while it was away are lost (NOTIFY is
/// a wake-up signal, the durable record is the outbox table, DESIGN D6).
final class NotificationListener: @unchecked Sendable {
    private let options: PGConnection.Options
    private let channel: String
    private let continuation: AsyncStream<String>.Continuation
    private let stopped = Atomic<Bool>(false)
    /// Written once by `stop()` to wake the thread out of `poll`. Closed in deinit only, when
    /// nothing can write to it any more (a write to a pipe with no reader raises SIGPIPE).
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init(options: PGConnection.Options, channel: String, continuation: AsyncStream<String>.Continuation) throws {
        self.options = options
        self.channel = channel
        self.continuation = continuation
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw PGError(.connectionFailed, message: "pipe() failed: errno \(errno)")
        }
        wakeRead = descriptors[0]
        wakeWrite = descriptors[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts the thread; `ready` gets the outcome of the first connect and LISTEN.
    func start(ready: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        let thread = Thread { self.run(ready: ready) }
        thread.name = "cerniq.postgres.listen"
        thread.start()
    }

    /// Stops the thread and finishes the stream. Safe to call more than once, from any thread.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func run(ready: @Sendable (Result<Void, any Error>) -> Void) {
        var connection: OpaquePointer?
        var reportedReady = false
        var backoffMilliseconds: Int32 = 100
        defer {
            if let connection { PQfinish(connection) }
            continuation.finish()
        }
        while !isStopped {
            guard let open = connection else {
                do {
                    connection = try listen()
                    backoffMilliseconds = 100
                    if !reportedReady {
                        reportedReady = true
                        ready(.success(()))
                    }
                    if let connection { deliver(connection) }
                } catch {
                    if !reportedReady { return ready(.failure(error)) }
                    // The server is away (restarting): try again, backing off to 5 s.
                    if waitForWake(timeoutMilliseconds: backoffMilliseconds) { return }
                    backoffMilliseconds = min(backoffMilliseconds * 2, 5000)
                }
                continue
            }
            var descriptors = [
                pollfd(fd: PQsocket(open), events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }  // a signal interrupted the wait: wait again
                PQfinish(open)
                connection = nil
                continue
            }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0 {
                guard PQconsumeInput(open) != 0, PQstatus(open) == CONNECTION_OK else {
                    PQfinish(open)
                    connection = nil
                    continue
                }
                deliver(open)
            }
        }
    }

    /// Connects and LISTENs (the channel is an identifier, so it is quoted, not a parameter).
    private func listen() throws -> OpaquePointer {
        let connection = try options.connect(deadline: nil)
        let sql = "LISTEN " + PGQuery.quoteIdentifier(channel)
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            let error = result.map { PGError(code: .queryFailed, result: $0, query: sql) }
                ?? PGError(code: .connectionFailed, connection: connection, query: sql)
            PQfinish(connection)
            throw error
        }
        return connection
    }

    /// Yields every notification libpq has parsed.
    private func deliver(_ connection: OpaquePointer) {
        while let notification = PQnotifies(connection) {
            defer { PQfreemem(notification) }
            guard let channelName = notification.pointee.relname, String(cString: channelName) == channel else { continue }
            let payload = notification.pointee.extra.map { String(cString: $0) } ?? ""
            continuation.yield(payload)
        }
    }

    /// Sleeps up to `timeoutMilliseconds`; true when woken by `stop()`.
    private func waitForWake(timeoutMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeoutMilliseconds)
        return isStopped
    }
}
