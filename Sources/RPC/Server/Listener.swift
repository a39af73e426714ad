import CShims
import Foundation
import RPCCore

/// Accepts connections on one loop and hands each to the next loop of the group.
final class Listener: EventHandler, @unchecked Sendable {
    let fd: Int32
    private let core: ServerCore
    private let loop: EventLoop

    init(fd: Int32, core: ServerCore, loop: EventLoop) {
        self.fd = fd
        self.core = core
        self.loop = loop
    }

    func handleEvents(_ events: UInt32) {
        defer { pauseIfOutOfDescriptors() }
        while let client = Socket.accept(fd) {
            if core.isDraining || core.connectionCount.load(ordering: .relaxed) >= core.configuration.maxConnections {
                // Over the limit: refuse at once rather than queue without bound.
                close(client)
                continue
            }
            core.connectionCount.add(1, ordering: .relaxed)
            let index = Int.random(in: 0..<core.group.loops.count)
            let target = core.group.loops[index]
            target.execute { [core] in core.adopt(fd: client, on: target, loopIndex: index) }
        }
    }

    /// Out of file descriptors, the pending connection stays queued and a level-triggered
    /// loop would spin on it: stop watching for a moment instead.
    private func pauseIfOutOfDescriptors() {
        guard errno == EMFILE || errno == ENFILE else { return }
        loop.modify(fd: fd, events: 0)
        loop.schedule(at: Deadline.after(.milliseconds(100)).nanoseconds) { [self] in
            loop.modify(fd: fd, events: CSHIM_EPOLLIN)
        }
    }

    /// Stops accepting, then calls `then` (on the loop) once the port is released.
    func stop(then: @escaping @Sendable () -> Void) {
        loop.execute {
            self.loop.deregisterAndClose(fd: self.fd)
            then()
        }
    }
}
