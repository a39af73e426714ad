import CommonAPI
import RPCCore
import Testing
import TestingAPI
import TestingService

@Suite("Generated service definitions and clients")
struct ServiceDispatchTests {
    let definition = TestingService().serviceDefinition

    @Test func serviceDefinition_listsEveryMethod_withGeneratedDescriptors() {
        #expect(definition.name == "cerniq.testing.v1.TestService")
        #expect(definition.methods.map(\.descriptor) == TestServiceMethods.all)
    }

    @Test func serviceDefinition_dispatchesDecodedRequest_toHandler() async throws {
        let handler = try #require(definition.methods.first { $0.descriptor == TestServiceMethods.echo })
        let request = EchoRequest(payload: [1, 2, 3], text: "hello").encoded()
        let call = try request.withUnsafeBytes { try handler.prepare($0) }
        let response = try await call(makeContext(TestServiceMethods.echo))
        #expect(response as? EchoResponse == EchoResponse(payload: [1, 2, 3], text: "hello"))
    }

    @Test func prepare_throwsInvalidArgument_forMalformedRequest() throws {
        let handler = try #require(definition.methods.first { $0.descriptor == TestServiceMethods.echo })
        let error = #expect(throws: RPCError.self) { _ = try [0x0A, 0x09].withUnsafeBytes { try handler.prepare($0) } }
        #expect(error?.code == .invalidArgument)
    }

    @Test func client_callsThroughItsCaller_andDecodesTheResponse() async throws {
        let client = TestServiceClient(LoopbackCaller(service: definition))
        #expect(try await client.echo(EchoRequest(text: "hi")).text == "hi")
        let sample = makeSample()
        #expect(try await client.inspect(sample) == sample)
    }

    @Test func fail_throwsTheRequestedStatus_withStatusDetails() async throws {
        let client = TestServiceClient(LoopbackCaller(service: definition))
        let error = await #expect(throws: RPCError.self) {
            try await client.fail(FailRequest(code: 6, message: "exists", errorCode: "VAL_DUPLICATE"))
        }
        #expect(error?.code == .alreadyExists)
        #expect(error?.message == "exists")
        let details = try StatusDetails(decoding: error?.details ?? [])
        #expect(details.code == "VAL_DUPLICATE")
    }

    @Test func fail_withCodeZero_stillFails() async {
        let client = TestServiceClient(LoopbackCaller(service: definition))
        let error = await #expect(throws: RPCError.self) { try await client.fail(FailRequest(code: 0)) }
        #expect(error?.code == .unknown)
    }

    @Test func relay_forwardsThroughUpstreams_countingHops_andReportsTheDeadline() async throws {
        let last = TestingService()
        let middle = TestingService(upstream: TestServiceClient(LoopbackCaller(service: last.serviceDefinition)))
        let first = TestServiceClient(LoopbackCaller(service: TestingService(
            upstream: TestServiceClient(LoopbackCaller(service: middle.serviceDefinition))).serviceDefinition))
        let response = try await first.relay(RelayRequest(payload: [7], hops: 2), options: CallOptions(timeout: .seconds(30)))
        #expect(response.hops == 2)
        #expect(response.payload == [7])
        #expect(response.remainingDeadlineMs > 0 && response.remainingDeadlineMs <= 30_000)
        let direct = try await first.relay(RelayRequest(hops: 0))
        #expect(direct.hops == 0)
        #expect(direct.remainingDeadlineMs == 0)
    }

    @Test func slow_waits_andThrowsCancellationError_whenCancelled() async throws {
        let service = TestingService()
        let done = try await service.slow(SlowRequest(delayMs: 5), context: makeContext(TestServiceMethods.slow))
        #expect(done.completed && done.waitedMs >= 5)
        let task = Task { try await service.slow(SlowRequest(delayMs: 60_000), context: makeContext(TestServiceMethods.slow)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
