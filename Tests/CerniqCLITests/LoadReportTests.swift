import Testing
import RPCCore
import ProtoJSON
@testable import CLI

@Suite struct LoadReportTests {
    func report() -> LoadReport {
        var tally = LoadTally()
        for millisecond in 1...100 as ClosedRange<UInt64> {
            tally.record(latencyNanoseconds: millisecond * 1_000_000, status: millisecond % 10 == 0 ? .unavailable : .ok)
        }
        return LoadReport(tally: tally, durationSeconds: 2)
    }

    @Test func writesExactlyTheFieldsTheBenchmarkScriptsRead() throws {
        let json = JSONWriter().string(report().json)
        #expect(json == #"{"requests":100,"durationSeconds":2,"requestsPerSecond":50,"statuses":{"OK":90,"UNAVAILABLE":10},"latency":{"p50Ms":50.004,"p90Ms":90.046,"p99Ms":99.025,"p999Ms":100,"maxMs":100,"meanMs":50.5}}"#)
    }

    @Test func writesAReadableSummary() {
        #expect(report().text == """
            Summary:
              Requests:     100
              Duration:     2.000 s
              Requests/s:   50.0

            Status codes:
              OK           90
              UNAVAILABLE  10

            Latency (ms):
              p50:    50.004
              p90:    90.046
              p99:    99.025
              p99.9:  100.000
              max:    100.000
              mean:   50.500

            """)
    }

    @Test func reportsAnEmptyRunWithoutDividingByZero() throws {
        let empty = LoadReport(tally: LoadTally(), durationSeconds: 0)
        #expect(JSONWriter().string(empty.json) == #"{"requests":0,"durationSeconds":0,"requestsPerSecond":0,"statuses":{},"latency":{"p50Ms":0,"p90Ms":0,"p99Ms":0,"p999Ms":0,"maxMs":0,"meanMs":0}}"#)
        #expect(empty.text.contains("(none)"))
    }

    @Test func countsUnsentRequestsInStatusesButNotInLatency() {
        var tally = LoadTally()
        tally.record(latencyNanoseconds: 5, status: .ok)
        tally.recordUnsent(status: .invalidArgument)
        #expect(tally.count == 2)
        #expect(tally.latencies.count == 1)
        #expect(tally.statuses.map(\.name) == ["OK", "INVALID_ARGUMENT"])
    }

    @Test(arguments: [(1.23456, 3, "1.235"), (0.0004, 3, "0.000"), (12, 1, "12.0"), (-1.5, 1, "-1.5"), (7, 0, "7")])
    func formatsFixedPoint(_ value: Double, _ places: Int, _ expected: String) {
        #expect(LoadReport.format(value, places: places) == expected)
    }
}
