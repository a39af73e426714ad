import COpenSSL
import CShims
import Foundation
import GatewayHTTP
import RPC
import RPCCore

/// One client connection: reads and parses requests, asks the responder, and writes responses
/// in request order. Everything here runs on `loop`.
///
/// `@unchecked Sendable` because it is confined to its loop; the only cross-thread use is a
/// responder task that hands its response back through `loop.execute`.
final class HTTPConnection: EventHandler, @unchecked Sendable {
    enum State {
        /// TLS handshake in progress.
        case handshaking
        /// Reading requests and writing responses.
        case open
        /// The last response is queued; nothing more is read; close once it is written.
        case closing
        /// Write side shut; reading and discarding until the peer closes, so unread request
        /// bytes do not make the kernel reset the connection before the client reads our response.
        case lingering
        case closed
    }

    /// A request read but not yet answered, in request order.
    struct Slot {
        var response: HTTPResponse?
        /// HEAD: frame the response without its body.
        var omitBody: Bool
        var persistence: ResponseEncoder.Persistence
        /// The connection closes after this response.
        var closeAfter: Bool
        /// The client waits for `100 Continue`; sent when this slot is the oldest.
        var needsContinue: Bool
    }

    let fd: Int32
    let loop: EventLoop
    let core: HTTPServerCore
    let context: LoopContext
    let ssl: OpaquePointer?
    let remoteAddress: String
    var state: State

    var parser: HTTPRequestParser
    /// Unanswered requests; `pending[i]` has sequence number `sentCount + i`.
    var pending: [Slot] = []
    var sentCount = 0
    /// The sequence number of the request whose head was parsed but whose body is not complete.
    var currentSequence: Int?
    /// The current request was answered by `route`; its `.request` event is skipped.
    var currentAnsweredEarly = false
    /// What the responder decided from the current request's head, for its body's turn.
    var currentState: (any Sendable)?
    var awaitingBody = false
    /// No further requests are parsed (one closes the connection, or the server drains).
    var stopParsing = false
    var peerClosedRead = false
    var draining = false

    var outbound: [UInt8] = []
    var outboundSent = 0
    var flushScheduled = false
    /// A write returned EAGAIN; epoll watches writability until the queue drains.
    var writeBlocked = false
    var interest: UInt32 = 0

    // Monotonic ns, for timeouts.
    var headStartedAt: UInt64?
    var bodyStartedAt: UInt64 = 0
    var lastActivity: UInt64
    var lastWriteProgress: UInt64
    var lingerDeadline: UInt64 = 0
    var timerID: TimerHeap.ID?
    var timerAt: UInt64 = .max

    // Built once so scheduling a flush or a timer allocates nothing per request.
    var flushAction: (() -> Void)!
    var timerAction: (() -> Void)!

    private init(fd: Int32, core: HTTPServerCore, context: LoopContext, ssl: OpaquePointer?, acceptedAt: UInt64) {
        self.fd = fd
        self.core = core
        self.context = context
        self.loop = context.loop
        self.ssl = ssl
        self.remoteAddress = Self.peerAddress(fd)
        self.state = ssl == nil ? .open : .handshaking
        self.parser = HTTPRequestParser(limits: core.configuration.limits)
        // The first head is timed from accept (TLS handshake included): a client that connects
        // and sends nothing is a slowloris too.
        self.headStartedAt = acceptedAt
        self.lastActivity = acceptedAt
        self.lastWriteProgress = acceptedAt
        pending.reserveCapacity(4)
        flushAction = { [weak self] in self?.flush() }
        timerAction = { [weak self] in self?.timerFired() }
    }

    /// Takes ownership of an accepted socket on `context.loop`.
    static func adopt(fd: Int32, core: HTTPServerCore, context: LoopContext, acceptedAt: UInt64) {
        if core.isDraining {
            close(fd)
            core.connectionClosed()
            return
        }
        var ssl: OpaquePointer?
        if let tls = core.tls {
            guard let session = try? tls.makeSession(fd: fd) else {
                close(fd)
                core.connectionClosed()
                return
            }
            ssl = session
        }
        let connection = HTTPConnection(fd: fd, core: core, context: context, ssl: ssl, acceptedAt: acceptedAt)
        do {
            connection.interest = CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
            try context.loop.register(fd: fd, events: connection.interest, handler: connection)
        } catch {
            if let ssl { SSL_free(ssl) }
            close(fd)
            core.connectionClosed()
            return
        }
        context.connections[ObjectIdentifier(connection)] = connection
        if ssl != nil { connection.continueHandshake() }
        connection.settle()
    }

    // MARK: Events

    func handleEvents(_ events: UInt32) {
        switch state {
        case .handshaking:
            continueHandshake()
        case .open:
            if events & CSHIM_EPOLLOUT != 0 { flush() }
            if state == .open && events & (CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP | CSHIM_EPOLLHUP | CSHIM_EPOLLERR) != 0 {
                if wantsRead {
                    readAvailable()
                } else if events & (CSHIM_EPOLLHUP | CSHIM_EPOLLERR) != 0 {
                    // Reported whatever we asked for: the peer is gone in both directions.
                    finishClose()
                    return
                }
            }
        case .closing:
            if events & CSHIM_EPOLLOUT != 0 {
                flush()
            } else if events & (CSHIM_EPOLLHUP | CSHIM_EPOLLERR) != 0 {
                finishClose()
                return
            }
        case .lingering:
            discardInput()
            return
        case .closed:
            return
        }
        settle()
    }

    private func continueHandshake() {
        guard let ssl else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            state = .open
            readAvailable()
            settle()
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: setInterest(CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP)
        case SSL_ERROR_WANT_WRITE: setInterest(CSHIM_EPOLLIN | CSHIM_EPOLLOUT)
        default:
            // A failed handshake (scanner, wrong protocol, old TLS) has no HTTP to answer in.
            ERR_clear_error()
            finishClose()
        }
    }

    // MARK: Reading

    /// Whether more requests may be parsed now: a body in progress always, new requests only
    /// under the pipelining and outbound bounds.
    var canParse: Bool {
        awaitingBody || (!stopParsing && pending.count < core.configuration.maxPipelinedRequests
            && outbound.count - outboundSent <= core.configuration.maxOutboundBytes)
    }

    var wantsRead: Bool { state == .open && !peerClosedRead && canParse }

    func readAvailable() {
        let buffer = context.readBuffer
        while wantsRead {
            let count: Int
            if let ssl {
                ERR_clear_error()
                let result = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                if result > 0 {
                    count = Int(result)
                } else {
                    switch SSL_get_error(ssl, result) {
                    case SSL_ERROR_WANT_READ: return
                    case SSL_ERROR_WANT_WRITE:
                        writeBlocked = true
                        return setInterest(interest | CSHIM_EPOLLOUT)
                    case SSL_ERROR_ZERO_RETURN: return peerFinishedSending()
                    default:
                        ERR_clear_error()
                        return finishClose()
                    }
                }
            } else {
                let result = read(fd, buffer.baseAddress, buffer.count)
                if result > 0 {
                    count = result
                } else if result == 0 {
                    return peerFinishedSending()
                } else {
                    // EINTR: interrupted before any byte, try again; EAGAIN: drained.
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return }
                    return finishClose()
                }
            }
            let now = Deadline.now()
            lastActivity = now
            parser.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            processInput(now: now)
            // A short plain read emptied the socket: skip the read that would only say EAGAIN.
            // TLS may hold decrypted bytes the socket no longer shows, so it reads to WANT_READ.
            if ssl == nil && count < buffer.count { return }
        }
    }

    /// The peer shut its write side (or closed): answer what was complete, then close.
    private func peerFinishedSending() {
        peerClosedRead = true
        if awaitingBody {
            // The body can never complete; there is nobody to tell.
            finishClose()
        }
    }

    /// Parses buffered bytes into heads and requests while the bounds allow.
    func processInput(now: UInt64) {
        while state == .open && canParse {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                fail(.malformed(error))
                return
            }
            guard let event else { break }
            switch event {
            case .head(let head): didReceiveHead(head, now: now)
            case .request(let request): didReceiveRequest(request, now: now)
            }
        }
        if headStartedAt == nil && parser.isReadingHead { headStartedAt = now }
    }

    private func makeContext(_ receivedAt: UInt64, state: (any Sendable)? = nil) -> HTTPRequestContext {
        HTTPRequestContext(remoteAddress: remoteAddress, isTLS: ssl != nil, receivedAt: receivedAt, state: state)
    }

    private func didReceiveHead(_ head: HTTPRequestHead, now: UInt64) {
        headStartedAt = nil
        let sequence = sentCount + pending.count
        let persistence: ResponseEncoder.Persistence =
            !head.keepAlive ? .close : head.version == .http1_0 ? .keepAliveHTTP10 : .keepAlive
        pending.append(Slot(response: nil, omitBody: head.method == "HEAD", persistence: persistence,
                            closeAfter: !head.keepAlive, needsContinue: false))
        currentSequence = sequence
        currentAnsweredEarly = false
        let hasBody = head.framing != .none
        currentState = nil
        var decision = core.responder.route(head, context: makeContext(now))
        if case .proceedWith(let bodyLimit, let state) = decision {
            currentState = state
            decision = .proceed(bodyLimit: bodyLimit)
        }
        switch decision {
        case .respond(let response):
            pending[pending.count - 1].response = response
            currentAnsweredEarly = true
            if hasBody {
                // The body stays unread, so the stream cannot be resynchronised: answer and close.
                pending[pending.count - 1].closeAfter = true
                stopParsing = true
                currentSequence = nil
            }
            writeReadyResponses()
        case .proceed(let bodyLimit), .proceedWith(let bodyLimit, _):
            if let bodyLimit {
                do {
                    try parser.setBodyLimit(bodyLimit)
                } catch {
                    fail(.malformed(error))
                    return
                }
            }
            if hasBody {
                awaitingBody = true
                bodyStartedAt = now
                if head.expectsContinue {
                    pending[pending.count - 1].needsContinue = true
                    writeReadyResponses()
                }
            }
        }
    }

    private func didReceiveRequest(_ request: HTTPRequest, now: UInt64) {
        awaitingBody = false
        guard let sequence = currentSequence else { return }
        currentSequence = nil
        if !request.keepAlive || draining { stopParsing = true }
        // Draining: this is the last request read, so its response says `Connection: close`.
        // (An early answer may already be written; `settle` then closes once it is flushed.)
        if draining, pending.indices.contains(sequence - sentCount) { pending[sequence - sentCount].closeAfter = true }
        if currentAnsweredEarly { return }
        let context = makeContext(now, state: currentState)
        currentState = nil
        if let response = core.responder.respondImmediately(to: request, context: context) {
            complete(sequence: sequence, with: response)
            return
        }
        let responder = core.responder
        let loop = self.loop
        // Started inline on this loop (no job hop before the handler runs, ~20 µs at one
        // connection); it continues on the loop after its first suspension. The response is
        // recorded at the end of a turn, never inside this call, so the connection is not
        // re-entered while it is still reading.
        Task.immediate(executorPreference: loop) { [self] in
            let response = await responder.respond(to: request, context: context)
            if loop.inLoop {
                loop.afterTurn { self.complete(sequence: sequence, with: response) }
            } else {
                loop.execute { self.complete(sequence: sequence, with: response) }
            }
        }
    }

    /// Records the response to request `sequence` and writes every response now in order.
    func complete(sequence: Int, with response: HTTPResponse) {
        let index = sequence - sentCount
        guard state == .open || state == .closing, pending.indices.contains(index), pending[index].response == nil else { return }
        pending[index].response = response
        writeReadyResponses()
        settle()
    }

    /// A failure the server detected: the responder's body for it becomes the answer to the
    /// request in progress (or a new last answer), and the connection closes after it.
    func fail(_ failure: HTTPServerFailure) {
        let response = core.responder.failureResponse(failure)
        stopParsing = true
        awaitingBody = false
        // The request in progress will never reach the responder: drop what `route` gave it
        // now (it may hold a place among the requests in flight), not when the connection goes.
        currentState = nil
        headStartedAt = nil
        if let sequence = currentSequence, pending.indices.contains(sequence - sentCount),
           pending[sequence - sentCount].response == nil {
            pending[sequence - sentCount].response = response
            pending[sequence - sentCount].closeAfter = true
        } else {
            pending.append(Slot(response: response, omitBody: false, persistence: .close, closeAfter: true, needsContinue: false))
        }
        currentSequence = nil
        writeReadyResponses()
    }

    private static func peerAddress(_ fd: Int32) -> String {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard result == 0 else { return "unknown" }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count))
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(UInt16(bigEndian: address.sin_port))"
    }
}
