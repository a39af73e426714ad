import Foundation
import Synchronization

/// Counters of one method: calls by status, a latency histogram and calls in flight.
/// Updated from every event loop, so each value is an atomic.
final class MethodMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds (Prometheus `le`).
    static let bucketBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    let path: String
    let byStatus: [Counter]
    let buckets: [Counter]
    let latencySumNanoseconds = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)

    init(path: String) {
        self.path = path
        byStatus = (0..<17).map { _ in Counter() }
        buckets = (0...Self.bucketBounds.count).map { _ in Counter() }
    }

    func begin() { inFlight.add(1, ordering: .relaxed) }

    func end(status: RPCError.Code, nanoseconds: UInt64) {
        inFlight.subtract(1, ordering: .relaxed)
        byStatus[min(Int(status.rawValue), 16)].value.add(1, ordering: .relaxed)
        let seconds = Double(nanoseconds) / 1e9
        let bucket = Self.bucketBounds.firstIndex { seconds <= $0 } ?? Self.bucketBounds.count
        buckets[bucket].value.add(1, ordering: .relaxed)
        latencySumNanoseconds.add(Int(nanoseconds), ordering: .relaxed)
    }
}

/// Every method's metrics, rendered as Prometheus text.
final class ServerMetrics: Sendable {
    private let methods: [String: MethodMetrics]

    init(paths: [String]) {
        methods = Dictionary(uniqueKeysWithValues: paths.map { ($0, MethodMetrics(path: $0)) })
    }

    subscript(path: String) -> MethodMetrics? { methods[path] }

    func prometheusText() -> String {
        var out = """
        # HELP rpc_server_calls_total Calls finished, by method and status code.
        # TYPE rpc_server_calls_total counter
        # HELP rpc_server_latency_seconds Call latency from request received to response queued.
        # TYPE rpc_server_latency_seconds histogram
        # HELP rpc_server_in_flight Calls running now.
        # TYPE rpc_server_in_flight gauge

        """
        for path in methods.keys.sorted() {
            let m = methods[path]!
            let label = "method=\"\(path)\""
            for code in RPCError.Code.all {
                let count = m.byStatus[Int(code.rawValue)].value.load(ordering: .relaxed)
                if count > 0 { out += "rpc_server_calls_total{\(label),code=\"\(code.name)\"} \(count)\n" }
            }
            var cumulative = 0
            for (index, bound) in MethodMetrics.bucketBounds.enumerated() {
                cumulative += m.buckets[index].value.load(ordering: .relaxed)
                out += "rpc_server_latency_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += m.buckets[MethodMetrics.bucketBounds.count].value.load(ordering: .relaxed)
            out += "rpc_server_latency_seconds_bucket{\(label),le=\"+Inf\"} \(cumulative)\n"
            out += "rpc_server_latency_seconds_sum{\(label)} \(Double(m.latencySumNanoseconds.load(ordering: .relaxed)) / 1e9)\n"
            out += "rpc_server_latency_seconds_count{\(label)} \(cumulative)\n"
            out += "rpc_server_in_flight{\(label)} \(m.inFlight.load(ordering: .relaxed))\n"
        }
        return out
    }
}

/// An atomic counter that can live in an array.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
