import COpenSSL
import CShims
import Foundation
import RPC
import RPCCore

extension HTTPConnection {
    /// After any event: close if nothing is left to do, then align epoll interest and the timer.
    func settle() {
        if state == .open && pending.isEmpty && !awaitingBody && (peerClosedRead || draining) {
            // Everything asked has been answered and no more will be read (or may be).
            state = .closing
            if outboundSent == outbound.count {
                linger()
                return
            }
        }
        guard state != .closed else { return }
        updateInterest()
        updateTimer()
    }

    // MARK: Timeouts

    /// The single deadline that matters in the current state, or nil when the server, not the
    /// client, is the one working (a responder task is running).
    private var deadline: UInt64? {
        switch state {
        case .handshaking:
            return (headStartedAt ?? lastActivity) &+ core.headerTimeout
        case .lingering:
            return lingerDeadline
        case .closing:
            return lastWriteProgress &+ core.idleTimeout
        case .closed:
            return nil
        case .open:
            if outboundSent < outbound.count { return lastWriteProgress &+ core.idleTimeout }
            if awaitingBody { return bodyStartedAt &+ core.bodyTimeout }
            if !pending.isEmpty { return nil }
            if let headStartedAt { return headStartedAt &+ core.headerTimeout }
            return lastActivity &+ core.idleTimeout
        }
    }

    /// One timer per connection, moved only earlier: when it fires late relative to a
    /// deadline that moved later, it re-arms. Most requests then touch no timer at all.
    func updateTimer() {
        guard let deadline else { return }
        if timerID != nil && timerAt <= deadline { return }
        if let timerID { loop.cancelTimer(timerID) }
        timerAt = deadline
        timerID = loop.schedule(at: deadline, timerAction)
    }

    func timerFired() {
        timerID = nil
        timerAt = .max
        guard let deadline else { return }
        guard Deadline.now() >= deadline else { return updateTimer() }
        switch state {
        case .open where outboundSent < outbound.count:
            // The peer stopped reading our responses.
            finishClose()
        case .open where awaitingBody:
            fail(.bodyTimeout)
            settle()
        case .open where headStartedAt != nil:
            fail(.headerTimeout)
            settle()
        case .open:
            // Idle keep-alive connection: closed silently (RFC 9112 §9.8).
            finishClose()
        case .handshaking, .closing, .lingering, .closed:
            finishClose()
        }
    }

    // MARK: Draining and closing

    /// Graceful shutdown: finish the requests already read, say `Connection: close` on the last
    /// response, close idle connections now.
    func beginDrain() {
        guard !draining else { return }
        draining = true
        switch state {
        case .handshaking:
            finishClose()
        case .open:
            if !awaitingBody {
                stopParsing = true
                if !pending.isEmpty { pending[pending.count - 1].closeAfter = true }
            }
            settle()
        case .closing, .lingering, .closed:
            break
        }
    }

    /// Shuts our write side once everything is written, then waits briefly for the peer's FIN.
    func linger() {
        guard state != .closed, state != .lingering else { return }
        if let ssl {
            // close_notify, so the client can tell a complete response from a truncated one.
            ERR_clear_error()
            _ = SSL_shutdown(ssl)
            ERR_clear_error()
        }
        shutdown(fd, Int32(SHUT_WR))
        if peerClosedRead {
            finishClose()
            return
        }
        state = .lingering
        lingerDeadline = Deadline.now() &+ 2_000_000_000
        updateInterest()
        updateTimer()
    }

    /// While lingering: read and drop bytes until the peer closes.
    func discardInput() {
        let buffer = context.readBuffer
        while true {
            let result = read(fd, buffer.baseAddress, buffer.count)
            if result > 0 { continue }
            if result < 0 && errno == EINTR { continue }
            if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            finishClose()
            return
        }
    }

    /// Closes at once without writing anything more (drain grace period over, server closing).
    func forceClose() {
        finishClose()
    }

    func finishClose() {
        guard state != .closed else { return }
        state = .closed
        if let timerID { loop.cancelTimer(timerID) }
        timerID = nil
        if let ssl { SSL_free(ssl) }
        loop.deregisterAndClose(fd: fd)
        context.connections[ObjectIdentifier(self)] = nil
        pending.removeAll()
        currentState = nil
        outbound = []
        core.connectionClosed()
    }
}
