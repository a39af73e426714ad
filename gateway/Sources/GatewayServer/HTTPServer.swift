import CShims
import Foundation
import RPC
import RPCCore

/// An HTTP/1.1 server on the runtime's event loops (the same `EventLoopGroup.shared` the RPC
/// server and clients use).
///
/// ```swift
/// let server = try HTTPServer(configuration: HTTPServerConfiguration(port: 8080), responder: Edge())
/// // on SIGTERM:
/// server.beginGracefulShutdown()   // stop accepting, finish in-flight requests, close idle ones
/// await server.waitUntilClosed()   // returns once every connection is closed
/// ```
///
/// It guarantees responses in request order on each connection, bounded buffering per
/// connection (`maxPipelinedRequests`, `maxOutboundBytes`, the parser limits), and timeouts for
/// slow heads, slow bodies, idle connections and peers that stop reading (gateway/README.md).
public final class HTTPServer: Sendable {
    private let core: HTTPServerCore
    private let listener: HTTPListener
    /// The bound port (the configured one, or the one picked for port 0).
    public let port: Int

    /// Binds and starts accepting on the shared event loops. Throws when the address cannot be
    /// bound or the TLS certificate or key cannot be loaded.
    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) throws {
        let core = try HTTPServerCore(configuration: configuration, responder: responder, group: .shared)
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
        let listener = HTTPListener(fd: fd, core: core, loopIndex: 0)
        let loop = core.contexts[0].loop
        let registered = DispatchSemaphore(value: 0)
        let failure = Locked<(any Error)?>(nil)
        loop.execute {
            do { try loop.register(fd: fd, events: CSHIM_EPOLLIN, handler: listener) } catch {
                failure.withLock { $0 = error }
                Glibc.close(fd)
            }
            registered.signal()
        }
        registered.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        self.core = core
        self.listener = listener
        self.port = port
    }

    /// Stops accepting, lets requests already read finish (their responses say
    /// `Connection: close`), closes idle connections at once, and closes the rest when the
    /// drain grace period ends. Returns at once; see `waitUntilClosed()`.
    public func beginGracefulShutdown() {
        beginShutdown(grace: core.configuration.drainGracePeriod.nanoseconds)
    }

    /// Returns once a shutdown has begun and every connection is closed.
    public func waitUntilClosed() async {
        await core.waitUntilFinished()
    }

    /// Closes the listener and every connection now, without waiting for in-flight requests,
    /// and returns once all are closed.
    public func close() async {
        beginShutdown(grace: 0)
        await waitUntilClosed()
    }

    /// Connections open now (for metrics).
    public var connectionCount: Int { core.connectionCount.load(ordering: .relaxed) }

    private func beginShutdown(grace: UInt64) {
        let first = core.draining.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        if first { listener.stop() }
        let forceAt = Deadline.now() &+ grace
        for context in core.contexts {
            context.loop.execute {
                if grace == 0 {
                    context.forceCloseAll()
                } else {
                    context.drain(forceAt: forceAt)
                }
            }
        }
        core.finishIfDone()
    }
}
