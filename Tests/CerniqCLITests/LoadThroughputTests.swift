import Testing
import RPCCore
@testable import CLI

/// The load loop's own cost, against a caller that answers at once. Debug builds are
/// several times slower than release, so the bar here is low; it catches a loop that
/// takes locks or allocates per request beyond its one child task.
@Suite struct LoadThroughputTests {
    @Test func drivesWellOver50kCallsPerSecondAgainstAnInstantServer() async {
        let plan = LoadPlan(mode: .closed(concurrency: 64), stop: .count(200_000), lanes: 1)
        let generator = LoadGenerator(caller: FakeCaller(), method: MethodDescriptor(service: "s", method: "m"),
                                      options: CallOptions(), source: .fixed([1, 2, 3]), plan: plan)
        let started = Deadline.now()
        let report = await generator.run()
        let seconds = Double(Deadline.now() - started) / 1e9
        let rate = Double(report.tally.count) / seconds
        print("load loop: \(Int(rate)) calls/s on one lane (debug build)")
        #expect(report.tally.count == 200_000)
        #expect(rate > 50_000)
    }
}
