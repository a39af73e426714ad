import RPCCore

/// The client side of one connection: stream ids, the calls awaiting answers, and
/// keepalive. Loop-confined.
final class ClientSession: ConnectionDelegate {
    let connection: Connection
    /// Weak: a call still in flight keeps its session alive after the client (and its slots)
    /// are gone, and the session must then close quietly instead of reaching a freed slot.
    private weak var slot: ConnectionSlot?
    private let configuration: ClientConfiguration
    private var calls: [UInt32: PendingCall] = [:]
    private var nextStreamID: UInt32 = 1
    private(set) var isOpen = false
    private(set) var goingAway = false
    private var pingSentAt: UInt64?
    private var housekeeping: TimerHeap.ID?
    private let keepaliveInterval: UInt64
    private let keepaliveTimeout: UInt64

    init(connection: Connection, slot: ConnectionSlot, configuration: ClientConfiguration) {
        self.connection = connection
        self.slot = slot
        self.configuration = configuration
        keepaliveInterval = UInt64(configuration.keepaliveInterval.nanoseconds)
        keepaliveTimeout = UInt64(configuration.keepaliveTimeout.nanoseconds)
    }

    var loop: EventLoop { connection.loop }
    var canAcceptCalls: Bool { isOpen && !goingAway && nextStreamID < UInt32.max - 1 }
    var openCalls: Int { calls.count }

    /// Writes the REQUEST and tracks the call until its RESPONSE, ERROR or deadline.
    func send(_ call: PendingCall) {
        // A frame over the server's limit would cost the whole connection: refuse it here.
        let limit = Int(connection.peerHello?.maxFrameSize ?? configuration.maxFrameSize)
        let size = 7 + call.method.path.utf8.count + call.metadata.encodedSize + call.request.count
        guard size <= limit else {
            call.resolve(.failure(RPCError(.resourceExhausted, "request of \(size) bytes exceeds the server's frame limit of \(limit)")))
            return
        }
        let streamID = nextStreamID
        nextStreamID += 1
        call.session = self
        call.streamID = streamID
        var timeout: UInt32 = 0
        if let deadline = call.deadline {
            guard let left = deadline.remainingMilliseconds() else {
                call.resolve(.failure(RPCError(.deadlineExceeded, "deadline exceeded before the call was sent")))
                return
            }
            timeout = left
            call.deadlineTimer = loop.schedule(at: deadline.nanoseconds) { [weak self, weak call] in
                guard let self, let call else { return }
                self.expire(call)
            }
        }
        calls[streamID] = call
        connection.write { out in
            FrameEncoder.request(streamID: streamID, timeoutMilliseconds: timeout, method: call.method.path,
                                 metadata: call.metadata, into: &out) { $0.append(contentsOf: call.request) }
        }
    }

    func cancel(_ call: PendingCall) {
        guard calls.removeValue(forKey: call.streamID) != nil else { return }
        if let timer = call.deadlineTimer { loop.cancelTimer(timer) }
        connection.write { FrameEncoder.cancel(streamID: call.streamID, reason: .cancelled, into: &$0) }
    }

    private func expire(_ call: PendingCall) {
        guard calls.removeValue(forKey: call.streamID) != nil else { return }
        connection.write { FrameEncoder.cancel(streamID: call.streamID, reason: .deadlineExceeded, into: &$0) }
        call.resolve(.failure(RPCError(.deadlineExceeded, "deadline exceeded")))
    }

    func close() {
        connection.goAwayAndClose(code: .ok, message: "client closing", reason: "client closed")
    }

    // MARK: ConnectionDelegate

    func connectionDidOpen(_ connection: Connection) {
        if let expected = configuration.expectedServerIdentity, connection.peer != expected {
            connection.finishClose(reason: "server identity \(connection.peer) is not the expected \(expected)")
            return
        }
        isOpen = true
        scheduleHousekeeping()
        slot?.sessionDidOpen(self)
    }

    func connection(_ connection: Connection, didReceiveHello hello: Hello) throws(ProtocolViolation) {
        guard Hello(maxFrameSize: 0, maxConcurrentStreams: 0).negotiate(with: hello) != nil else {
            throw ProtocolViolation(.failedPrecondition, "no common protocol version")
        }
    }

    func connection(_ connection: Connection, didReceive header: FrameHeader, payload: UnsafeRawBufferPointer) throws(ProtocolViolation) {
        switch header.type {
        case .response, .error:
            guard header.streamID != 0, header.streamID < nextStreamID else {
                throw ProtocolViolation(.invalidArgument, "\(header.type) for stream \(header.streamID) never opened")
            }
            guard let call = calls.removeValue(forKey: header.streamID) else { return }
            if let timer = call.deadlineTimer { loop.cancelTimer(timer) }
            if header.type == .response {
                call.resolve(.success(Array(payload)))
            } else if case .error(_, let error) = try Frame(header: header, payload: payload) {
                call.resolve(.failure(error))
            }
            if goingAway && calls.isEmpty { connection.closeGracefully(reason: "server went away") }
        case .ping:
            guard case .ping(let opaque) = try Frame(header: header, payload: payload) else { return }
            connection.write { FrameEncoder.pong(opaque, into: &$0) }
        case .pong:
            pingSentAt = nil
        case .goAway:
            guard case .goAway(let last, _, let message) = try Frame(header: header, payload: payload) else { return }
            goingAway = true
            for (id, call) in calls where id > last {
                calls[id] = nil
                if let timer = call.deadlineTimer { loop.cancelTimer(timer) }
                call.resolve(.failure(RPCError(.unavailable, "server went away before the call started: \(message)")))
            }
            slot?.sessionIsGoingAway(self)
            if calls.isEmpty { connection.closeGracefully(reason: "server went away") }
        case .request, .cancel, .hello:
            throw ProtocolViolation(.invalidArgument, "\(header.type) frame sent to a client")
        }
    }

    func connectionDidClose(_ connection: Connection, reason: String?) {
        isOpen = false
        if let housekeeping { loop.cancelTimer(housekeeping) }
        let failed = calls
        calls.removeAll()
        for (_, call) in failed {
            if let timer = call.deadlineTimer { loop.cancelTimer(timer) }
            call.resolve(.failure(RPCError(.unavailable, "connection lost: \(reason ?? "closed by peer")")))
        }
        slot?.sessionDidClose(self, reason: reason)
    }

    private func scheduleHousekeeping() {
        housekeeping = loop.schedule(at: Deadline.after(.seconds(1)).nanoseconds) { [weak self] in
            guard let self, self.connection.state == .open else { return }
            let now = Deadline.now()
            if let sent = self.pingSentAt {
                if now - sent > self.keepaliveTimeout {
                    self.connection.finishClose(reason: "keepalive timeout: no PONG")
                    return
                }
            } else if now - self.connection.lastReceivedAt > self.keepaliveInterval {
                self.pingSentAt = now
                self.connection.write { FrameEncoder.ping(now, into: &$0) }
            }
            self.scheduleHousekeeping()
        }
    }
}
