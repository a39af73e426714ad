import Foundation
import RPCCore

/// One place in a client's pool: the current connection to the target, connecting on
/// demand and reconnecting with jittered backoff after it is lost. Loop-confined.
final class ConnectionSlot: @unchecked Sendable {
    let loop: EventLoop
    let configuration: ClientConfiguration
    private let tls: TLSContext
    private let host: String
    private let port: Int
    private var session: ClientSession?
    /// Sessions that got GOAWAY and are finishing their calls.
    private var retiring: [ObjectIdentifier: ClientSession] = [:]
    private var waiting: [PendingCall] = []
    private var failures = 0
    private var retryAt: UInt64 = 0
    private var lastFailure = ""
    private var closed = false

    init(loop: EventLoop, configuration: ClientConfiguration, tls: TLSContext, host: String, port: Int) {
        self.loop = loop
        self.configuration = configuration
        self.tls = tls
        self.host = host
        self.port = port
    }

    /// Sends `call` on the current connection, connecting first if needed.
    func submit(_ call: PendingCall) {
        // Cancelled before it was submitted (the task was already cancelled): fail it now.
        if call.cancelled {
            call.resolve(.failure(RPCError(.cancelled, "call cancelled")))
            return
        }
        if closed {
            call.resolve(.failure(RPCError(.unavailable, "client closed")))
            return
        }
        if let session, session.canAcceptCalls {
            session.send(call)
            return
        }
        if session == nil {
            let now = Deadline.now()
            guard now >= retryAt else {
                call.resolve(.failure(RPCError(.unavailable, "\(host):\(port) unreachable (\(lastFailure)); reconnecting")))
                return
            }
            connect()
        }
        waiting.append(call)
    }

    private func connect() {
        do {
            let fd = try Socket.connect(host: host, port: port)
            let ssl: OpaquePointer
            do {
                ssl = try tls.makeSession(fd: fd, isServer: false)
            } catch {
                Glibc.close(fd)
                throw error
            }
            let hello = Hello(maxFrameSize: configuration.maxFrameSize, maxConcurrentStreams: 1 << 20)
            let connection = Connection(loop: loop, fd: fd, ssl: ssl, isServer: false, connecting: true, hello: hello)
            let session = ClientSession(connection: connection, slot: self, configuration: configuration)
            connection.delegate = session
            self.session = session
            connection.start(handshakeTimeout: configuration.tls.handshakeTimeout)
        } catch {
            connectFailed("\(error)")
        }
    }

    private func connectFailed(_ reason: String) {
        session = nil
        lastFailure = reason
        retryAt = Deadline.now() + UInt64(configuration.reconnectBackoff.delay(attempt: failures).nanoseconds)
        failures += 1
        let failed = waiting
        waiting.removeAll()
        for call in failed {
            call.resolve(.failure(RPCError(.unavailable, "cannot connect to \(host):\(port): \(reason)")))
        }
    }

    func sessionDidOpen(_ session: ClientSession) {
        failures = 0
        let ready = waiting
        waiting.removeAll()
        for call in ready where !call.cancelled { session.send(call) }
    }

    func sessionIsGoingAway(_ session: ClientSession) {
        guard self.session === session else { return }
        self.session = nil
        retiring[ObjectIdentifier(session)] = session
    }

    func sessionDidClose(_ session: ClientSession, reason: String?) {
        retiring[ObjectIdentifier(session)] = nil
        guard self.session === session else { return }
        connectFailed(reason ?? "connection closed")
    }

    func close() {
        closed = true
        session?.close()
        for retiring in retiring.values { retiring.close() }
        let failed = waiting
        waiting.removeAll()
        for call in failed { call.resolve(.failure(RPCError(.unavailable, "client closed"))) }
    }
}
