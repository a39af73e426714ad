import Foundation
import RPCCore
import Synchronization

/// Calls one target over a pool of multiplexed connections, with deadlines that
/// propagate from the serving handler, cancellation, reconnects and budgeted retries.
///
/// ```swift
/// let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:7101", tls: tls))
/// let echo = try await TestServiceClient(client).echo(EchoRequest(text: "hi"))
/// client.close()
/// ```
public final class Client: RPCCaller, Sendable {
    public let configuration: ClientConfiguration
    private let slots: [ConnectionSlot]
    private let next = Atomic<Int>(0)
    private let budget: RetryBudget

    public init(configuration: ClientConfiguration) throws {
        self.configuration = configuration
        let (host, port) = try Socket.split(configuration.target)
        let tls = try TLSContext(configuration: configuration.tls, isServer: false)
        let group = EventLoopGroup.shared
        slots = (0..<max(1, configuration.connections)).map { index in
            ConnectionSlot(loop: group.loops[index % group.loops.count], configuration: configuration, tls: tls, host: host, port: port)
        }
        budget = RetryBudget(policy: configuration.retry)
    }

    /// The event loops of the pool's connections. A task that prefers one of them
    /// (`Task(executorPreference:)`) calls without any thread hand-off; the load tool uses this.
    public var preferredExecutors: [any TaskExecutor] { slots.map(\.loop) }

    public func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let inherited = CallContext.current
        var deadline = options.timeout.map { Deadline.after($0) } ?? inherited?.deadline
        if let own = options.timeout.map({ Deadline.after($0) }), let parent = inherited?.deadline {
            deadline = min(own, parent)
        }
        if deadline == nil, let fallback = configuration.defaultTimeout { deadline = Deadline.after(fallback) }
        var metadata = options.metadata
        if let inherited { metadata = metadata.merging(missingFrom: inherited.metadata) }
        try metadata.validate()
        guard (1...255).contains(method.path.utf8.count) else {
            throw RPCError(.invalidArgument, "method name \(method.path) must be 1-255 bytes")
        }

        var attempt = 1
        while true {
            do {
                let response = try await attemptCall(method, request: request, metadata: metadata, deadline: deadline)
                budget.recordSuccess()
                return response
            } catch let error as RPCError {
                guard method.idempotent, attempt < configuration.retry.maxAttempts,
                      configuration.retry.retryableCodes.contains(error.code),
                      !(deadline?.hasPassed() ?? false), !Task.isCancelled,
                      budget.recordFailureAllowsRetry() else { throw error }
                attempt += 1
                try? await Task.sleep(for: configuration.reconnectBackoff.delay(attempt: attempt - 2))
            }
        }
    }

    private func attemptCall(_ method: MethodDescriptor, request: [UInt8], metadata: Metadata, deadline: Deadline?) async throws -> [UInt8] {
        let slot = slots.count == 1 ? slots[0] : slots[next.add(1, ordering: .relaxed).oldValue % slots.count]
        let call = PendingCall(method: method, request: request, metadata: metadata, deadline: deadline)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                // Attach on the loop, where cancellation also runs, so the two never race.
                slot.loop.execute {
                    call.attach(continuation)
                    slot.submit(call)
                }
            }
        } onCancel: {
            slot.loop.execute { call.cancel() }
        }
    }

    /// Closes every connection; calls in flight fail with UNAVAILABLE.
    public func close() {
        for slot in slots { slot.loop.execute { slot.close() } }
    }
}
