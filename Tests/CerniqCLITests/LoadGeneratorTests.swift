import Testing
import Synchronization
import RPCCore
import ProtoJSON
@testable import CLI

/// A server stand-in: answers each call through `respond`, counting calls.
final class FakeCaller: RPCCaller, Sendable {
    let calls = Atomic<Int>(0)
    let respond: @Sendable (Int, [UInt8]) async throws -> [UInt8]

    init(respond: @escaping @Sendable (Int, [UInt8]) async throws -> [UInt8] = { _, _ in [] }) { self.respond = respond }

    func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let number = calls.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await respond(number, request)
    }
}

final class RequestLog: Sendable {
    let entries = Mutex<[[UInt8]]>([])
    func append(_ bytes: [UInt8]) { entries.withLock { $0.append(bytes) } }
}

@Suite struct LoadGeneratorTests {
    let method = MethodDescriptor(service: "t.v1.Echo", method: "Echo")

    func generator(_ caller: FakeCaller, _ plan: LoadPlan, source: RequestSource = .fixed([1, 2, 3])) -> LoadGenerator {
        LoadGenerator(caller: caller, method: method, options: CallOptions(), source: source, plan: plan)
    }

    @Test func sendsExactlyTheCount_andTalliesStatusesByCode() async {
        let caller = FakeCaller { number, _ in
            if number % 4 == 3 { throw RPCError(.unavailable, "down") }
            return []
        }
        let report = await generator(caller, LoadPlan(mode: .closed(concurrency: 7), stop: .count(1_000), lanes: 3)).run()
        #expect(caller.calls.load(ordering: .relaxed) == 1_000)
        #expect(report.tally.count == 1_000)
        #expect(report.tally.statuses.map(\.name) == ["OK", "UNAVAILABLE"])
        #expect(report.tally.statusCounts[Int(RPCError.Code.unavailable.rawValue)] == 250)
    }

    @Test func countsOtherErrorsAsUnknown() async {
        struct Boom: Error {}
        let caller = FakeCaller { _, _ in throw Boom() }
        let report = await generator(caller, LoadPlan(mode: .closed(concurrency: 2), stop: .count(10), lanes: 1)).run()
        #expect(report.tally.statuses.map(\.name) == ["UNKNOWN"])
    }

    @Test func keepsTheConcurrencyOfAClosedLoop() async {
        let inFlight = Atomic<Int>(0), peak = Atomic<Int>(0)
        let caller = FakeCaller { _, _ in
            let now = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
            peak.max(now, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(2))
            inFlight.wrappingSubtract(1, ordering: .relaxed)
            return []
        }
        _ = await generator(caller, LoadPlan(mode: .closed(concurrency: 5), stop: .count(100), lanes: 2)).run()
        #expect(peak.load(ordering: .relaxed) == 5)
    }

    @Test func measuresOpenLoopLatencyFromTheTimetable_soAStallCannotHide() async {
        // The first call stalls 300 ms; with one call allowed in flight, the requests due
        // meanwhile leave late, and their latency must include the wait.
        let caller = FakeCaller { number, _ in
            if number == 0 { try await Task.sleep(for: .milliseconds(300)) }
            return []
        }
        let plan = LoadPlan(mode: .open(rate: 100, maxOutstanding: 1), stop: .count(60), lanes: 1)
        let report = await generator(caller, plan).run()
        #expect(report.tally.count == 60)
        // 29 requests were due during the stall and waited 10...290 ms: nearly half the run.
        // A closed loop, or an open loop timing from the actual send, would show one slow call.
        #expect(report.tally.latencies.value(atPercentile: 75) > 100_000_000)
        #expect(report.tally.latencies.value(atPercentile: 55) > 5_000_000)
        #expect(report.tally.latencies.max >= 290_000_000)
    }

    @Test func keepsToTheRateOfAnOpenLoop() async {
        let caller = FakeCaller()
        let plan = LoadPlan(mode: .open(rate: 500, maxOutstanding: 50), stop: .duration(.milliseconds(400)), lanes: 2)
        let report = await generator(caller, plan).run()
        // 500/s for 0.4 s: 200 requests, give or take the edges.
        #expect((195...205).contains(report.tally.count))
        // The window ends with the last answer; generous, since parallel tests share the cores.
        #expect(report.durationSeconds >= 0.39 && report.durationSeconds < 5)
    }

    @Test func leavesWarmupCallsOutOfTheReport() async {
        let caller = FakeCaller()
        let plan = LoadPlan(mode: .open(rate: 1_000, maxOutstanding: 10), stop: .count(50), warmup: .milliseconds(100), lanes: 1)
        let report = await generator(caller, plan).run()
        #expect(report.tally.count == 50)
        #expect(caller.calls.load(ordering: .relaxed) >= 140)
    }

    @Test func rendersATemplatePerRequest_withUniqueCounters() async throws {
        let registry = SchemaRegistry(messages: [MessageSchema(name: "t.v1.EchoRequest", fields: [
            FieldSchema(number: 2, name: "text", jsonName: "text", kind: .string),
        ])])
        let transcoder = JSONTranscoder(registry: registry)
        let source = try RequestSource.make(json: JSONParser.parse(#"{"text":"n{{counter}}"}"#), messageType: "t.v1.EchoRequest",
                                            transcoder: transcoder)
        let log = RequestLog()
        let caller = FakeCaller { _, request in
            log.append(request)
            return []
        }
        _ = await generator(caller, LoadPlan(mode: .closed(concurrency: 4), stop: .count(200), lanes: 2), source: source).run()
        let texts = try log.entries.withLock { entries in
            try entries.map { try JSONParser.parse(transcoder.decode($0, messageType: "t.v1.EchoRequest")) }
        }
        #expect(Set(texts.compactMap { value -> String? in if case .string(let text)? = value["text"] { text } else { nil } })
            == Set((0..<200).map { "n\($0)" }))
    }

    @Test func encodesAnUntemplatedBodyOnce() throws {
        let registry = SchemaRegistry(messages: [MessageSchema(name: "m", fields: [
            FieldSchema(number: 1, name: "n", jsonName: "n", kind: .int32),
        ])])
        let source = try RequestSource.make(json: JSONParser.parse(#"{"n":150}"#), messageType: "m",
                                            transcoder: JSONTranscoder(registry: registry))
        guard case .fixed(let bytes) = source else {
            Issue.record("expected fixed bytes")
            return
        }
        #expect(bytes == [0x08, 0x96, 0x01])
    }

    @Test func stopsSoonAfterAStopIsRequested() async {
        let counters = LoadCounters()
        let caller = FakeCaller { number, _ in
            if number == 100 { counters.requestStop() }
            return []
        }
        let plan = LoadPlan(mode: .closed(concurrency: 4), stop: .duration(.seconds(30)), lanes: 1)
        let report = await LoadGenerator(caller: caller, method: method, options: CallOptions(), source: .fixed([]), plan: plan,
                                         counters: counters).run()
        #expect(report.tally.count < 200)
        #expect(counters.requestCount == report.tally.count)
    }
}
