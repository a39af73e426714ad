import Testing
import RPCCore
@testable import CLI

/// A counted run against a caller that answers at once makes exactly that many calls.
/// (How fast the loop is belongs to the benchmarks in deploy/, never to a timed unit test.)
@Suite struct LoadThroughputTests {
    @Test func countedRun_makesExactlyThatManyCalls() async {
        let plan = LoadPlan(mode: .closed(concurrency: 64), stop: .count(200_000), lanes: 1)
        let generator = LoadGenerator(caller: FakeCaller(), method: MethodDescriptor(service: "s", method: "m"),
                                      options: CallOptions(), source: .fixed([1, 2, 3]), plan: plan)
        let report = await generator.run()
        #expect(report.tally.count == 200_000)
    }
}
