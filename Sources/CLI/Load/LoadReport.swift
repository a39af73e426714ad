import Foundation
import ProtoJSON

/// The outcome of a load run, as text for people and as one JSON object for scripts.
public struct LoadReport: Sendable {
    public var tally: LoadTally
    /// The measured window (after warmup), in seconds.
    public var durationSeconds: Double

    public init(tally: LoadTally, durationSeconds: Double) {
        self.tally = tally
        self.durationSeconds = durationSeconds
    }

    public var requestsPerSecond: Double { durationSeconds > 0 ? Double(tally.count) / durationSeconds : 0 }

    /// The percentiles reported, with their JSON names.
    static let percentiles: [(label: String, key: String, percentile: Double)] = [
        ("p50", "p50Ms", 50), ("p90", "p90Ms", 90), ("p99", "p99Ms", 99), ("p99.9", "p999Ms", 99.9),
    ]

    func milliseconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }

    /// `{"requests":N,"durationSeconds":x,"requestsPerSecond":x,"statuses":{"OK":n,...},
    /// "latency":{"p50Ms":x,"p90Ms":x,"p99Ms":x,"p999Ms":x,"maxMs":x,"meanMs":x}}`;
    /// the benchmark scripts read these names.
    public var json: JSONValue {
        var latency = Self.percentiles.map {
            JSONValue.Member($0.key, Self.number(milliseconds(tally.latencies.value(atPercentile: $0.percentile)), places: 3))
        }
        latency.append(JSONValue.Member("maxMs", Self.number(milliseconds(tally.latencies.max), places: 3)))
        latency.append(JSONValue.Member("meanMs", Self.number(tally.latencies.mean / 1e6, places: 3)))
        return .object([
            .init("requests", .integer(tally.count)),
            .init("durationSeconds", Self.number(durationSeconds, places: 3)),
            .init("requestsPerSecond", Self.number(requestsPerSecond, places: 1)),
            .init("statuses", .object(tally.statuses.map { JSONValue.Member($0.name, .integer($0.count)) })),
            .init("latency", .object(latency)),
        ])
    }

    /// The report for a terminal.
    public var text: String {
        var lines: [String] = []
        lines.append("Summary:")
        lines.append("  Requests:     \(tally.count)")
        lines.append("  Duration:     \(Self.format(durationSeconds, places: 3)) s")
        lines.append("  Requests/s:   \(Self.format(requestsPerSecond, places: 1))")
        lines.append("")
        lines.append("Status codes:")
        if tally.statuses.isEmpty { lines.append("  (none)") }
        let width = tally.statuses.map(\.name.count).max() ?? 0
        for status in tally.statuses {
            lines.append("  " + status.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(status.count)")
        }
        lines.append("")
        lines.append("Latency (ms):")
        for entry in Self.percentiles {
            let label = (entry.label + ":").padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(label) \(Self.format(milliseconds(tally.latencies.value(atPercentile: entry.percentile)), places: 3))")
        }
        lines.append("  max:    \(Self.format(milliseconds(tally.latencies.max), places: 3))")
        lines.append("  mean:   \(Self.format(tally.latencies.mean / 1e6, places: 3))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        (value * pow10(places)).rounded() / pow10(places)
    }

    static func number(_ value: Double, places: Int) -> JSONValue {
        value.isFinite ? .double(rounded(value, places: places)) : .integer(0)
    }

    /// Fixed-point text with exactly `places` decimals.
    static func format(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        let scaled = Int64((value * pow10(places)).rounded())
        let scale = Int64(pow10(places))
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        guard places > 0 else { return sign + String(magnitude) }
        let fraction = String(magnitude % UInt64(scale))
        return sign + String(magnitude / UInt64(scale)) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    static func pow10(_ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return scale
    }
}
