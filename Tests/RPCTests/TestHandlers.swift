import Foundation
import RPC
import Synchronization

/// A message that is its own bytes: runtime tests need no generated code.
struct RawMessage: ProtoMessage, Equatable {
    static let protoName = "test.Raw"
    var bytes: [UInt8] = []
    init() {}
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(decoding bytes: UnsafeRawBufferPointer) throws {
        // A first byte of 0xFF stands for bytes that are not a valid message.
        if bytes.first == 0xFF { throw RPCError(.invalidArgument, "malformed test.Raw") }
        self.bytes = Array(bytes)
    }
    func encode(into output: inout [UInt8]) { output.append(contentsOf: bytes) }
}

/// Records what handlers observed, for assertions.
final class Observations: Sendable {
    let cancelledHandlers = Atomic<Int>(0)
    let completedSlowCalls = Atomic<Int>(0)
    /// Calls that reached a Fail handler.
    let failures = Atomic<Int>(0)
}

/// The runtime's test service: echo, slow (milliseconds as the first two bytes), fail (code as the first byte),
/// and relay (calls echo on another server through `upstream`).
enum TestHandlers {
    static let echo = MethodDescriptor(service: "test.Runtime", method: "Echo", idempotent: true)
    static let slow = MethodDescriptor(service: "test.Runtime", method: "Slow")
    static let fail = MethodDescriptor(service: "test.Runtime", method: "Fail", idempotent: true)
    static let failOnce = MethodDescriptor(service: "test.Runtime", method: "FailOnce")
    static let relay = MethodDescriptor(service: "test.Runtime", method: "Relay")
    static let deadline = MethodDescriptor(service: "test.Runtime", method: "Deadline")

    static func service(_ observations: Observations = Observations(), upstream: Client? = nil) -> ServiceDefinition {
        ServiceDefinition(name: "test.Runtime", methods: [
            MethodHandler(descriptor: echo) { bytes in
                let request = try RawMessage(decoding: bytes)
                return { _ in request }
            },
            MethodHandler(descriptor: slow) { bytes in
                let request = try RawMessage(decoding: bytes)
                let milliseconds = request.bytes.count >= 2 ? Int(request.bytes[0]) << 8 | Int(request.bytes[1]) : 100
                return { _ in
                    do {
                        try await Task.sleep(for: .milliseconds(milliseconds))
                    } catch {
                        observations.cancelledHandlers.add(1, ordering: .relaxed)
                        throw error
                    }
                    observations.completedSlowCalls.add(1, ordering: .relaxed)
                    return RawMessage([1])
                }
            },
            MethodHandler(descriptor: fail) { bytes in
                let request = try RawMessage(decoding: bytes)
                return { _ in
                    observations.failures.add(1, ordering: .relaxed)
                    throw RPCError(RPCError.Code(rawValue: request.bytes.first ?? 2), "failed as asked", details: [9, 9])
                }
            },
            // The same, but not idempotent: never retried.
            MethodHandler(descriptor: failOnce) { bytes in
                let request = try RawMessage(decoding: bytes)
                return { _ in
                    observations.failures.add(1, ordering: .relaxed)
                    throw RPCError(RPCError.Code(rawValue: request.bytes.first ?? 2), "failed as asked")
                }
            },
            MethodHandler(descriptor: relay) { bytes in
                let request = try RawMessage(decoding: bytes)
                return { _ in
                    guard let upstream else { throw RPCError(.failedPrecondition, "no upstream") }
                    return try await upstream.unary(deadline, request, as: RawMessage.self)
                }
            },
            // Answers with the milliseconds left of its deadline (big-endian u32), or 0xFFFFFFFF for none.
            MethodHandler(descriptor: deadline) { _ in
                return { context in
                    let left = context.deadline?.remainingMilliseconds() ?? UInt32.max
                    return RawMessage([UInt8(left >> 24), UInt8(left >> 16 & 0xFF), UInt8(left >> 8 & 0xFF), UInt8(left & 0xFF)])
                }
            },
        ])
    }
}
