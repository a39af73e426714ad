import RPCCore

/// What one load lane measured: latencies and outcomes. Each lane owns one, so recording
/// takes no lock; the run merges them at the end.
public struct LoadTally: Sendable {
    public var latencies = LatencyHistogram()
    /// Calls by status code (indexed by `RPCError.Code.rawValue`).
    public private(set) var statusCounts = [UInt64](repeating: 0, count: 256)

    public init() {}

    /// Records one finished call.
    @inline(__always)
    public mutating func record(latencyNanoseconds: UInt64, status: RPCError.Code) {
        latencies.record(latencyNanoseconds)
        statusCounts[Int(status.rawValue)] &+= 1
    }

    /// Records a call that was never sent (its request could not be built): a status, no latency.
    public mutating func recordUnsent(status: RPCError.Code) {
        statusCounts[Int(status.rawValue)] &+= 1
    }

    /// Adds `other`'s calls.
    public mutating func merge(_ other: LoadTally) {
        latencies.merge(other.latencies)
        for index in statusCounts.indices { statusCounts[index] &+= other.statusCounts[index] }
    }

    /// Calls recorded, sent or not.
    public var count: UInt64 { statusCounts.reduce(0, &+) }

    /// Calls by code name, only codes that occurred.
    public var statuses: [(name: String, count: UInt64)] {
        statusCounts.indices.filter { statusCounts[$0] > 0 }.map { (RPCError.Code(rawValue: UInt8($0)).name, statusCounts[$0]) }
    }
}
