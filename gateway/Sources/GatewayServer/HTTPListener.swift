import CShims
import Foundation
import RPC
import RPCCore

/// Accepts connections on one loop and hands each to the next loop of the group, round-robin.
///
/// `@unchecked Sendable`: created on the caller's thread, then used only on `loop`.
final class HTTPListener: EventHandler, @unchecked Sendable {
    let fd: Int32
    private let core: HTTPServerCore
    private let loop: EventLoop
    private let loopIndex: Int
    private var nextIndex = 0

    init(fd: Int32, core: HTTPServerCore, loopIndex: Int) {
        self.fd = fd
        self.core = core
        self.loopIndex = loopIndex
        self.loop = core.contexts[loopIndex].loop
    }

    func handleEvents(_ events: UInt32) {
        while let client = Socket.accept(fd) {
            if core.isDraining {
                close(client)
                continue
            }
            if core.connectionCount.load(ordering: .relaxed) >= core.configuration.maxConnections {
                refuseOverloaded(client)
                continue
            }
            core.connectionCount.add(1, ordering: .relaxed)
            let context = core.contexts[nextIndex % core.contexts.count]
            nextIndex &+= 1
            let acceptedAt = Deadline.now()
            context.loop.execute { [core] in
                HTTPConnection.adopt(fd: client, core: core, context: context, acceptedAt: acceptedAt)
            }
        }
        pauseIfOutOfDescriptors()
    }

    /// Over `maxConnections`: a plain-TCP client gets the responder's 503 in one best-effort
    /// write (the socket buffer of a fresh connection has room); a TLS client cannot be answered
    /// before a handshake we will not spend on it, so it is dropped.
    private func refuseOverloaded(_ client: Int32) {
        if core.tls == nil {
            let context = core.contexts[loopIndex]
            context.date.refresh()
            var bytes: [UInt8] = []
            ResponseEncoder.encode(core.responder.failureResponse(.overloaded), omitBody: false, persistence: .close,
                                   date: context.date.bytes, into: &bytes)
            _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            // Half-close first so the response is not lost to a reset from unread request bytes.
            shutdown(client, Int32(SHUT_WR))
        }
        close(client)
    }

    /// Out of file descriptors, the pending connection stays queued and a level-triggered loop
    /// would spin on it: stop watching for a moment instead.
    private func pauseIfOutOfDescriptors() {
        guard errno == EMFILE || errno == ENFILE else { return }
        loop.modify(fd: fd, events: 0)
        loop.schedule(at: Deadline.after(.milliseconds(100)).nanoseconds) { [self] in
            if !core.isDraining { loop.modify(fd: fd, events: CSHIM_EPOLLIN) }
        }
    }

    /// Stops accepting and closes the socket (on the loop), then tells the core.
    func stop() {
        loop.execute { [self] in
            loop.deregisterAndClose(fd: fd)
            core.listenerClosed()
        }
    }
}
