import Foundation
import RPCCore
import Synchronization

/// The state every connection of one server shares. Immutable but for atomics and
/// the per-loop session sets, which only their own loop touches.
final class ServerCore: @unchecked Sendable {
    let configuration: ServerConfiguration
    let handlers: [String: MethodHandler]
    let metrics: ServerMetrics
    let tls: TLSContext
    let group: EventLoopGroup
    private let inFlight = Atomic<Int>(0)
    let connectionCount = Atomic<Int>(0)
    private let drainingFlag = Atomic<Bool>(false)
    /// Sessions by loop index; each set is touched only on its loop.
    private var sessions: [[ObjectIdentifier: ServerSession]]
    private let onAllClosed: @Sendable () -> Void

    init(configuration: ServerConfiguration, services: [ServiceDefinition], group: EventLoopGroup,
         onAllClosed: @escaping @Sendable () -> Void) throws {
        self.configuration = configuration
        var handlers: [String: MethodHandler] = [:]
        for service in services {
            for method in service.methods { handlers[method.descriptor.path] = method }
        }
        self.handlers = handlers
        metrics = ServerMetrics(paths: Array(handlers.keys))
        tls = try TLSContext(configuration: configuration.tls, isServer: true)
        self.group = group
        sessions = Array(repeating: [:], count: group.loops.count)
        self.onAllClosed = onAllClosed
    }

    var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    /// Takes a slot for one call, or refuses when the server is at its in-flight limit.
    func admit() -> Bool {
        if inFlight.add(1, ordering: .relaxed).newValue > configuration.maxInFlight {
            inFlight.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func release() { inFlight.subtract(1, ordering: .relaxed) }

    /// Adopts an accepted socket on `loop`.
    func adopt(fd: Int32, on loop: EventLoop, loopIndex: Int) {
        let hello = Hello(maxFrameSize: configuration.maxFrameSize, maxConcurrentStreams: configuration.maxConcurrentStreams)
        let ssl: OpaquePointer
        do {
            ssl = try tls.makeSession(fd: fd, isServer: true)
        } catch {
            close(fd)
            connectionClosed()
            return
        }
        let connection = Connection(loop: loop, fd: fd, ssl: ssl, isServer: true, connecting: false, hello: hello)
        let session = ServerSession(core: self, connection: connection)
        connection.delegate = session
        sessions[loopIndex][ObjectIdentifier(session)] = session
        connection.start(handshakeTimeout: configuration.tls.handshakeTimeout)
    }

    func sessionClosed(_ session: ServerSession) {
        guard let index = group.loops.firstIndex(where: { $0 === session.loop }) else { return }
        sessions[index][ObjectIdentifier(session)] = nil
        connectionClosed()
    }

    func connectionClosed() {
        if connectionCount.subtract(1, ordering: .relaxed).newValue == 0 && isDraining { onAllClosed() }
    }

    /// GOAWAY everywhere; after the grace period, force-close what remains.
    func beginDrain() {
        guard !drainingFlag.exchange(true, ordering: .relaxed) else { return }
        if connectionCount.load(ordering: .relaxed) == 0 { onAllClosed() }
        for (index, loop) in group.loops.enumerated() {
            loop.execute {
                // Copy first: a session that closes at once removes itself from the set.
                for session in Array(self.sessions[index].values) { session.beginDrain() }
                loop.schedule(at: Deadline.after(self.configuration.drainGracePeriod).nanoseconds) {
                    for session in Array(self.sessions[index].values) { session.forceClose() }
                }
            }
        }
    }
}
