import Foundation
import RPCCore

/// The server side of one connection: admits requests, runs handlers as tasks on the
/// connection's loop, and writes their outcome. Loop-confined; `@unchecked Sendable`
/// only so handler tasks (which run on the same loop) can report back.
final class ServerSession: ConnectionDelegate, @unchecked Sendable {
    private struct Stream {
        var task: Task<Void, Never>?
        var deadlineTimer: TimerHeap.ID?
        let metrics: MethodMetrics?
        let startedAt: UInt64
    }

    private let core: ServerCore
    let connection: Connection
    private var streams: [UInt32: Stream] = [:]
    private var highestStreamID: UInt32 = 0
    private var lastAcceptedStreamID: UInt32 = 0
    private var draining = false
    private var lastActivity = Deadline.now()
    private var pingSentAt: UInt64?
    private var housekeeping: TimerHeap.ID?

    init(core: ServerCore, connection: Connection) {
        self.core = core
        self.connection = connection
    }

    var loop: EventLoop { connection.loop }
    var openStreams: Int { streams.count }

    // MARK: ConnectionDelegate

    func connectionDidOpen(_ connection: Connection) {
        scheduleHousekeeping()
        if core.isDraining { beginDrain() }
    }

    func connection(_ connection: Connection, didReceiveHello hello: Hello) throws(ProtocolViolation) {
        guard Hello(maxFrameSize: 0, maxConcurrentStreams: 0).negotiate(with: hello) != nil else {
            throw ProtocolViolation(.failedPrecondition, "no common protocol version (peer speaks \(hello.minVersion)-\(hello.maxVersion))")
        }
    }

    func connection(_ connection: Connection, didReceive header: FrameHeader, payload: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        switch header.type {
        case .request:
            try receiveRequest(header.streamID, payload)
        case .cancel:
            guard header.streamID != 0, header.streamID <= highestStreamID else {
                throw ProtocolViolation(.invalidArgument, "CANCEL for unknown stream \(header.streamID)")
            }
            guard case .cancel(_, let reason) = try Frame(header: header, payload: payload),
                  let stream = streams.removeValue(forKey: header.streamID) else { return }
            stream.task?.cancel()
            if let timer = stream.deadlineTimer { loop.cancelTimer(timer) }
            // The client's own deadline timer may beat ours: it says which it was.
            finish(stream, status: reason)
            closeIfDrained()
        case .ping:
            guard case .ping(let opaque) = try Frame(header: header, payload: payload) else { return }
            connection.write { FrameEncoder.pong(opaque, into: &$0) }
        case .pong:
            pingSentAt = nil
        case .goAway:
            // The client will send nothing new; finish what is open, then close.
            draining = true
            closeIfDrained()
        case .response, .error:
            throw ProtocolViolation(.invalidArgument, "\(header.type) frame sent to a server")
        case .hello:
            throw ProtocolViolation(.invalidArgument, "second HELLO")
        }
    }

    func connectionDidClose(_ connection: Connection, reason: String?) {
        if let housekeeping { loop.cancelTimer(housekeeping) }
        for (_, stream) in streams {
            stream.task?.cancel()
            finish(stream, status: .cancelled)
        }
        streams.removeAll()
        core.sessionClosed(self)
    }

    // MARK: Requests

    private func receiveRequest(_ streamID: UInt32, _ payload: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        guard streamID > highestStreamID else {
            throw ProtocolViolation(.invalidArgument, "stream id \(streamID) reused (highest so far \(highestStreamID))")
        }
        highestStreamID = streamID
        lastActivity = Deadline.now()
        let request = try RequestView(parsing: payload)
        if draining || core.isDraining {
            return refuse(streamID, RPCError(.unavailable, "server is draining; retry on another connection"))
        }
        guard let handler = core.handlers[request.method] else {
            return refuse(streamID, RPCError(.unimplemented, "unknown method \(request.method)"))
        }
        guard core.configuration.authorization.allows(peer: connection.peer, method: handler.descriptor) else {
            return refuse(streamID, RPCError(.permissionDenied, "\(connection.peer) may not call \(request.method)"))
        }
        if request.metadata.principal != nil && !core.configuration.authorization.mayActForUsers(peer: connection.peer) {
            return refuse(streamID, RPCError(.permissionDenied, "\(connection.peer) may not act on a user's behalf"))
        }
        guard streams.count < Int(core.configuration.maxConcurrentStreams) else {
            return refuse(streamID, RPCError(.resourceExhausted, "too many concurrent streams on this connection"))
        }
        guard core.admit() else {
            return refuse(streamID, RPCError(.resourceExhausted, "server overloaded; retry later"))
        }
        let metrics = core.metrics[request.method]
        metrics?.begin()
        var stream = Stream(metrics: metrics, startedAt: Deadline.now())
        let prepared: PreparedCall
        do {
            prepared = try handler.prepare(request.message)
        } catch {
            finish(stream, status: .invalidArgument)
            return refuse(streamID, RPCError(from: error).code == .internalError
                          ? RPCError(.invalidArgument, "malformed request") : RPCError(from: error))
        }
        lastAcceptedStreamID = streamID
        let deadline = request.timeoutMilliseconds > 0
            ? Deadline.after(milliseconds: request.timeoutMilliseconds, now: stream.startedAt) : nil
        let context = CallContext(method: handler.descriptor, metadata: request.metadata, deadline: deadline, peer: connection.peer)
        if let deadline {
            stream.deadlineTimer = loop.schedule(at: deadline.nanoseconds) { [weak self] in
                self?.deadlineExceeded(streamID)
            }
        }
        streams[streamID] = stream
        let loop = self.loop
        let task = Task(executorPreference: loop) { [self] in
            let outcome: Result<any ProtoMessage, any Error>
            do {
                outcome = .success(try await CallContext.$current.withValue(context) { try await prepared(context) })
            } catch {
                outcome = .failure(error)
            }
            if loop.inLoop {
                self.complete(streamID, outcome)
            } else {
                loop.execute { self.complete(streamID, outcome) }
            }
        }
        // The task may already have completed inline; only keep it if the stream is still open.
        if streams[streamID] != nil { streams[streamID]?.task = task }
    }

    private func complete(_ streamID: UInt32, _ outcome: Result<any ProtoMessage, any Error>) {
        guard let stream = streams.removeValue(forKey: streamID) else { return }
        if let timer = stream.deadlineTimer { loop.cancelTimer(timer) }
        switch outcome {
        case .success(let message):
            connection.write { out in
                FrameEncoder.response(streamID: streamID, into: &out) { message.encode(into: &$0) }
            }
            finish(stream, status: .ok)
        case .failure(let error):
            let rpcError = RPCError(from: error)
            connection.write { FrameEncoder.error(streamID: streamID, rpcError, into: &$0) }
            finish(stream, status: rpcError.code)
        }
        lastActivity = Deadline.now()
        closeIfDrained()
    }

    private func deadlineExceeded(_ streamID: UInt32) {
        guard let stream = streams.removeValue(forKey: streamID) else { return }
        stream.task?.cancel()
        connection.write { FrameEncoder.error(streamID: streamID, RPCError(.deadlineExceeded, "deadline exceeded"), into: &$0) }
        finish(stream, status: .deadlineExceeded)
        closeIfDrained()
    }

    private func refuse(_ streamID: UInt32, _ error: RPCError) {
        connection.write { FrameEncoder.error(streamID: streamID, error, into: &$0) }
    }

    private func finish(_ stream: Stream, status: RPCError.Code) {
        stream.metrics?.end(status: status, nanoseconds: Deadline.now() - stream.startedAt)
        core.release()
    }

    // MARK: Drain, idle, keepalive

    /// GOAWAY naming the last accepted stream; new streams are refused; close when the last one ends.
    func beginDrain() {
        guard !draining, connection.state == .open else { return }
        draining = true
        connection.write { FrameEncoder.goAway(lastStreamID: self.lastAcceptedStreamID, code: .unavailable, message: "draining", into: &$0) }
        closeIfDrained()
    }

    /// After the grace period: stop whatever still runs and close.
    func forceClose() {
        for (streamID, stream) in streams {
            stream.task?.cancel()
            connection.write { FrameEncoder.error(streamID: streamID, RPCError(.unavailable, "server shut down"), into: &$0) }
            finish(stream, status: .unavailable)
        }
        streams.removeAll()
        connection.closeGracefully(reason: "shutdown")
    }

    private func closeIfDrained() {
        if draining && streams.isEmpty { connection.closeGracefully(reason: "drained") }
    }

    private func scheduleHousekeeping() {
        housekeeping = loop.schedule(at: Deadline.after(.seconds(1)).nanoseconds) { [weak self] in
            guard let self, self.connection.state == .open else { return }
            self.checkTimeouts()
            self.scheduleHousekeeping()
        }
    }

    private func checkTimeouts() {
        let now = Deadline.now()
        let config = core.configuration
        if let since = connection.partialFrameSince, now - since > UInt64(config.keepaliveTimeout.nanoseconds) {
            connection.goAwayAndClose(code: .deadlineExceeded, message: "frame not completed in time", reason: "slow peer")
            return
        }
        if streams.isEmpty && now - lastActivity > UInt64(config.idleTimeout.nanoseconds) {
            connection.goAwayAndClose(lastStreamID: lastAcceptedStreamID, code: .ok, message: "idle", reason: "idle")
            return
        }
        if let sent = pingSentAt {
            if now - sent > UInt64(config.keepaliveTimeout.nanoseconds) {
                connection.finishClose(reason: "keepalive timeout")
            }
        } else if now - connection.lastReceivedAt > UInt64(config.keepaliveInterval.nanoseconds) {
            pingSentAt = now
            connection.write { FrameEncoder.ping(now, into: &$0) }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
