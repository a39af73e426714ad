import Foundation
import RPC
import Synchronization

/// The state an `HTTPServer` shares between its listener, its connections and its public API.
final class HTTPServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let tls: ServerTLSContext?
    let group: EventLoopGroup
    let contexts: [LoopContext]

    // Timeouts in monotonic nanoseconds, converted once.
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64

    let connectionCount = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    private let completion = Locked(Completion())

    private struct Completion {
        var listenerClosed = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, group: EventLoopGroup) throws {
        self.configuration = configuration
        self.responder = responder
        self.tls = try configuration.tls.map(ServerTLSContext.init)
        self.group = group
        contexts = group.loops.map(LoopContext.init)
        headerTimeout = configuration.headerTimeout.nanoseconds
        bodyTimeout = configuration.bodyTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Called on a loop when a connection has closed.
    func connectionClosed() {
        connectionCount.subtract(1, ordering: .acquiringAndReleasing)
        finishIfDone()
    }

    /// Called once the listening socket is closed.
    func listenerClosed() {
        completion.withLock { $0.listenerClosed = true }
        finishIfDone()
    }

    /// Resumes `waitUntilClosed` callers once draining, unlistened and without connections.
    func finishIfDone() {
        guard isDraining, connectionCount.load(ordering: .acquiring) == 0 else { return }
        let waiters = completion.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.listenerClosed, !state.finished else { return [] }
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let done = completion.withLock { state -> Bool in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
