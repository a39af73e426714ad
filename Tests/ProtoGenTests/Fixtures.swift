import CommonAPI
import RPCCore
import TestingAPI

/// A `Sample` with every field away from its default.
func makeSample() -> Sample {
    Sample(
        fDouble: -1.5e300, fFloat: 3.25, fInt64: .min, fUint64: .max, fInt32: .min, fFixed64: .max - 1, fFixed32: .max,
        fBool: true, fString: "Ωmega ✓ 🚀", fBytes: [0x00, 0xFF, 0x7F, 0x80], fUint32: .max, fSfixed32: -7,
        fSfixed64: .min + 1, fSint32: -300, fSint64: -1_000_000_000_000,
        priority: .urgentNow, id: "sample-1", displayName: "A sample",
        inner: Sample.Inner(name: "inner", value: -42, kind: .branch),
        kind: .leaf,
        inners: [Sample.Inner(name: "a", value: 1), Sample.Inner(), Sample.Inner(name: "c", kind: .leaf)],
        numbers: [0, -1, .max, .min], tags: ["x", "", "zé"], blobs: [[], [1, 2, 3]], priorities: [.low, .unspecified, .high],
        flags: [true, false, true], ratios: [0.5, -0.25], deltas: [-1, 0, .max],
        labels: ["b": "2", "a": "1", "": "empty key"],
        innerById: [7: Sample.Inner(name: "seven"), -1: Sample.Inner()],
        priorityByName: ["low": .low, "urgent": .urgentNow],
        byFlag: [true: "yes", false: "no"],
        blobById: [.max: [9], 0: []],
        choice: .text("chosen"),
        price: Money(amount: "1234.50", currency: "RON"),
        times: [Timestamp(seconds: 1_700_000_000, nanos: 5), Timestamp()],
        tree: Tree(label: "root", left: Tree(label: "l"), children: [Tree(label: "c")], payload: .leaf("leaf"))
    )
}

/// A context for calling a handler directly.
func makeContext(_ method: MethodDescriptor, deadline: Deadline? = nil) -> CallContext {
    CallContext(method: method, metadata: Metadata(), deadline: deadline, peer: "spiffe://cerniq.test/tests")
}

/// Round-trips `message` through its protobuf-c encoding.
func roundTrip<M: ProtoMessage>(_ message: M) throws -> M {
    try M(decoding: message.encoded())
}

/// An `RPCCaller` that serves calls in-process from a `ServiceDefinition`, the way a
/// server would: decode in `prepare`, run with the context bound, encode the response.
struct LoopbackCaller: RPCCaller {
    let service: ServiceDefinition

    func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        guard let handler = service.methods.first(where: { $0.descriptor.path == method.path }) else {
            throw RPCError(.unimplemented, "no method \(method)")
        }
        let prepared = try request.withUnsafeBytes { try handler.prepare($0) }
        let deadline = options.timeout.map { Deadline.after($0) } ?? CallContext.current?.deadline
        let context = CallContext(method: method, metadata: options.metadata, deadline: deadline, peer: "loopback")
        let response = try await CallContext.$current.withValue(context) { try await prepared(context) }
        return response.encoded()
    }
}
