import COpenSSL
import CShims
import Foundation
import RPCCore

/// What a connection tells the side (server session or client session) that owns it.
/// Called on the connection's loop.
protocol ConnectionDelegate: AnyObject {
    /// The TLS handshake finished and our HELLO is queued; `peer` is the verified identity.
    func connectionDidOpen(_ connection: Connection)
    /// The peer's HELLO arrived.
    func connection(_ connection: Connection, didReceiveHello hello: Hello) throws(ProtocolViolation)
    /// A frame after HELLO; `payload` is valid only during the call.
    func connection(_ connection: Connection, didReceive header: FrameHeader, payload: UnsafeRawBufferPointer) throws(ProtocolViolation)
    /// The connection is gone; `reason` says why (nil for an orderly close).
    func connectionDidClose(_ connection: Connection, reason: String?)
}

/// One TLS connection on an event loop: handshake, reading frames, batching writes.
/// Everything here runs on `loop`.
final class Connection: EventHandler {
    enum State { case connecting, handshaking, open, closing, closed }

    let loop: EventLoop
    let fd: Int32
    let isServer: Bool
    private let ssl: OpaquePointer
    weak var delegate: ConnectionDelegate?

    private(set) var state: State
    private(set) var peer = ""
    private(set) var peerHello: Hello?
    private let localHello: Hello
    private var decoder: FrameDecoder
    private var inbound = InboundBuffer()
    private var outbound: [UInt8] = []
    private var outboundSent = 0
    private var flushScheduled = false
    private var watchingWritable = false
    private var closeReason: String?
    /// Monotonic ns of the last bytes received; for keepalive and slow-peer checks.
    private(set) var lastReceivedAt = Deadline.now()
    /// Set while a frame is partly received; a peer that trickles a frame is cut off.
    private(set) var partialFrameSince: UInt64?

    init(loop: EventLoop, fd: Int32, ssl: OpaquePointer, isServer: Bool, connecting: Bool, hello: Hello) {
        self.loop = loop
        self.fd = fd
        self.ssl = ssl
        self.isServer = isServer
        self.localHello = hello
        self.decoder = FrameDecoder(maxFrameSize: hello.maxFrameSize)
        self.state = connecting ? .connecting : .handshaking
    }

    /// Registers with the loop and starts connecting or handshaking; closes after `handshakeTimeout`
    /// if the handshake has not finished.
    func start(handshakeTimeout: Duration) {
        do {
            try loop.register(fd: fd, events: CSHIM_EPOLLIN | CSHIM_EPOLLOUT | CSHIM_EPOLLRDHUP, handler: self)
            watchingWritable = true
        } catch {
            finishClose(reason: "\(error)")
            return
        }
        loop.schedule(at: Deadline.after(handshakeTimeout).nanoseconds) { [weak self] in
            guard let self, self.state == .connecting || self.state == .handshaking else { return }
            self.finishClose(reason: "TLS handshake timed out")
        }
        if state == .handshaking { continueHandshake() }
    }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        switch state {
        case .connecting:
            let error = Socket.pendingError(fd)
            guard error == 0 else {
                finishClose(reason: SystemError("connect", errno: error).description)
                return
            }
            state = .handshaking
            continueHandshake()
        case .handshaking:
            continueHandshake()
        case .open, .closing:
            if events & (CSHIM_EPOLLIN | CSHIM_EPOLLHUP | CSHIM_EPOLLERR | CSHIM_EPOLLRDHUP) != 0 { readAvailable() }
            if state != .closed && events & CSHIM_EPOLLOUT != 0 { flush() }
        case .closed:
            break
        }
    }

    private func continueHandshake() {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            guard let identity = TLSContext.peerIdentity(ssl) else {
                finishClose(reason: "peer certificate has no spiffe:// URI SAN")
                return
            }
            peer = identity
            state = .open
            setWatchWritable(false)
            write { FrameEncoder.hello(self.localHello, into: &$0) }
            delegate?.connectionDidOpen(self)
            if state == .open { readAvailable() }
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: setWatchWritable(false)
        case SSL_ERROR_WANT_WRITE: setWatchWritable(true)
        default: finishClose(reason: "TLS handshake failed: \(TLSError.drainQueue())")
        }
    }

    private func readAvailable() {
        while state == .open || state == .closing {
            let space = inbound.writableSpace(minimum: 16 * 1024)
            ERR_clear_error()
            let count = SSL_read(ssl, space.baseAddress, Int32(min(space.count, Int(Int32.max))))
            if count > 0 {
                inbound.didWrite(Int(count))
                lastReceivedAt = Deadline.now()
                if state == .open { decodeFrames() }
                continue
            }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_WANT_READ:
                return
            case SSL_ERROR_WANT_WRITE:
                setWatchWritable(true)
                return
            case SSL_ERROR_ZERO_RETURN:
                finishClose(reason: nil)
                return
            default:
                let queue = TLSError.drainQueue()
                finishClose(reason: queue == "no OpenSSL error recorded" ? "connection reset by peer" : "TLS: \(queue)")
                return
            }
        }
    }

    private func decodeFrames() {
        do {
            while state == .open {
                guard let (header, payload) = try decoder.next(in: inbound.readable) else { break }
                if peerHello == nil {
                    guard header.type == .hello else {
                        throw ProtocolViolation(.invalidArgument, "first frame was \(header.type), not HELLO")
                    }
                    guard case .hello(let hello) = try Frame(header: header, payload: payload) else { break }
                    peerHello = hello
                    try delegate?.connection(self, didReceiveHello: hello)
                } else if header.type == .hello {
                    throw ProtocolViolation(.invalidArgument, "second HELLO")
                } else {
                    try delegate?.connection(self, didReceive: header, payload: payload)
                }
                inbound.consume(FrameHeader.size + Int(header.length))
            }
            partialFrameSince = inbound.count == 0 ? nil : (partialFrameSince ?? Deadline.now())
        } catch {
            fail(error)
        }
    }

    // MARK: Writing

    /// Appends frames to the outbound buffer; they are written at the end of this loop turn.
    func write(_ body: (inout [UInt8]) -> Void) {
        guard state == .open || state == .handshaking else { return }
        body(&outbound)
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        loop.afterTurn { [weak self] in self?.flush() }
    }

    private func flush() {
        flushScheduled = false
        guard state != .closed, state != .connecting else { return }
        while outboundSent < outbound.count {
            ERR_clear_error()
            let result = outbound.withUnsafeBytes { raw in
                SSL_write(ssl, raw.baseAddress! + outboundSent, Int32(min(raw.count - outboundSent, 1 << 30)))
            }
            if result > 0 {
                outboundSent += Int(result)
                continue
            }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_WRITE:
                setWatchWritable(true)
                return
            case SSL_ERROR_WANT_READ:
                return
            default:
                finishClose(reason: "write failed: \(TLSError.drainQueue())")
                return
            }
        }
        if outbound.capacity > 1 << 20 {
            outbound = []
        } else {
            outbound.removeAll(keepingCapacity: true)
        }
        outboundSent = 0
        setWatchWritable(false)
        if state == .closing { finishClose(reason: closeReason) }
    }

    private func setWatchWritable(_ on: Bool) {
        guard on != watchingWritable, state != .closed else { return }
        watchingWritable = on
        loop.modify(fd: fd, events: CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP | (on ? CSHIM_EPOLLOUT : 0))
    }

    // MARK: Closing

    /// Sends GOAWAY for a protocol violation and closes once it is written.
    func fail(_ error: any Error) {
        let violation = error as? ProtocolViolation ?? ProtocolViolation(.internalError, "\(error)")
        goAwayAndClose(code: violation.code, message: violation.message, reason: violation.description)
    }

    /// Writes GOAWAY naming the last stream this side accepted, then closes.
    func goAwayAndClose(lastStreamID: UInt32 = 0, code: RPCError.Code, message: String, reason: String?) {
        guard state == .open else {
            finishClose(reason: reason)
            return
        }
        write { FrameEncoder.goAway(lastStreamID: lastStreamID, code: code, message: message, into: &$0) }
        closeGracefully(reason: reason)
    }

    /// Stops reading new frames and closes once everything queued is written.
    func closeGracefully(reason: String?) {
        guard state == .open else { return }
        state = .closing
        closeReason = reason
        scheduleFlush()
        // A peer that never reads cannot hold the connection open.
        loop.schedule(at: Deadline.after(.seconds(2)).nanoseconds) { [weak self] in
            self?.finishClose(reason: reason)
        }
    }

    /// Closes now, without flushing.
    func finishClose(reason: String?) {
        guard state != .closed else { return }
        let wasOpen = state == .open || state == .closing
        state = .closed
        if wasOpen { _ = SSL_shutdown(ssl) }
        SSL_free(ssl)
        loop.deregisterAndClose(fd: fd)
        ERR_clear_error()
        delegate?.connectionDidClose(self, reason: reason)
    }
}
