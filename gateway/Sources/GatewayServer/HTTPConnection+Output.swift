import COpenSSL
import CShims
import Foundation
import RPC
import RPCCore

extension HTTPConnection {
    /// Encodes the oldest responses that are ready, in request order, stopping at the first
    /// request still being answered; sends `100 Continue` when a waiting request is the oldest.
    func writeReadyResponses() {
        var wrote = false
        var dateFresh = false
        while let first = pending.first {
            guard let response = first.response else {
                if first.needsContinue {
                    outbound.append(contentsOf: ResponseEncoder.continueResponse)
                    pending[0].needsContinue = false
                    // The client held its body until now; its body time starts here.
                    if awaitingBody { bodyStartedAt = Deadline.now() }
                    wrote = true
                }
                break
            }
            pending.removeFirst()
            sentCount += 1
            if !dateFresh {
                context.date.refresh()
                dateFresh = true
            }
            ResponseEncoder.encode(response, omitBody: first.omitBody, persistence: first.closeAfter ? .close : first.persistence,
                                   date: context.date.bytes, into: &outbound)
            wrote = true
            if first.closeAfter {
                // Nothing after a closing response is answered (nothing after it was parsed).
                pending.removeAll()
                state = .closing
                break
            }
        }
        guard wrote else { return }
        let now = Deadline.now()
        lastActivity = now
        if pending.isEmpty {
            // A partial next head buffered while we were busy is timed from now, not from when
            // it arrived: the wait was ours, not the client's.
            headStartedAt = parser.isReadingHead ? now : nil
        }
        scheduleFlush()
    }

    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        // Batched: one write per connection per loop turn, however many responses the turn made.
        loop.afterTurn(flushAction)
    }

    /// Writes queued bytes until done or the socket is full.
    func flush() {
        flushScheduled = false
        guard state == .open || state == .closing else { return }
        while outboundSent < outbound.count {
            let written: Int
            if let ssl {
                ERR_clear_error()
                let result = outbound.withUnsafeBytes { raw in
                    SSL_write(ssl, raw.baseAddress! + outboundSent, Int32(min(raw.count - outboundSent, 1 << 30)))
                }
                if result > 0 {
                    written = Int(result)
                } else {
                    switch SSL_get_error(ssl, result) {
                    case SSL_ERROR_WANT_WRITE, SSL_ERROR_WANT_READ:
                        writeBlocked = true
                        return setInterest(interest | CSHIM_EPOLLOUT)
                    default:
                        ERR_clear_error()
                        return finishClose()
                    }
                }
            } else {
                let result = outbound.withUnsafeBytes { raw in
                    write(fd, raw.baseAddress! + outboundSent, raw.count - outboundSent)
                }
                if result >= 0 {
                    written = result
                } else if errno == EINTR {
                    continue
                } else if errno == EAGAIN || errno == EWOULDBLOCK {
                    // The peer is not reading fast enough: wait for room (and stop reading its
                    // requests once the queue passes `maxOutboundBytes`, see `canParse`).
                    writeBlocked = true
                    return setInterest(interest | CSHIM_EPOLLOUT)
                } else {
                    return finishClose()
                }
            }
            outboundSent += written
            lastWriteProgress = Deadline.now()
        }
        // Keep a normal-sized buffer for the next responses; give back one a large body grew.
        if outbound.capacity > 1 << 20 {
            outbound = []
        } else {
            outbound.removeAll(keepingCapacity: true)
        }
        outboundSent = 0
        writeBlocked = false
        if state == .closing {
            linger()
            return
        }
        // Room again: parse requests that were held back by the outbound bound.
        if state == .open {
            if parser.bufferedByteCount > 0 { processInput(now: Deadline.now()) }
            resumeTLSReadIfBuffered()
        }
        settle()
    }

    /// OpenSSL may hold bytes epoll cannot see (decrypted, or read ahead); read them when reading resumes.
    func resumeTLSReadIfBuffered() {
        if let ssl, wantsRead, SSL_has_pending(ssl) == 1 { readAvailable() }
    }

    /// Brings epoll interest in line with the state, touching epoll only on change. Writability
    /// is watched only after a write would have blocked: bytes merely queued for this turn's
    /// flush need no epoll change, which saves two epoll_ctl calls per request.
    func updateInterest() {
        var wanted: UInt32 = 0
        switch state {
        case .handshaking:
            return
        case .open:
            if wantsRead { wanted |= CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP }
            if writeBlocked { wanted |= CSHIM_EPOLLOUT }
        case .closing:
            if writeBlocked { wanted |= CSHIM_EPOLLOUT }
        case .lingering:
            wanted = CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
        case .closed:
            return
        }
        setInterest(wanted)
    }

    func setInterest(_ wanted: UInt32) {
        guard wanted != interest, state != .closed else { return }
        interest = wanted
        loop.modify(fd: fd, events: wanted)
    }
}
