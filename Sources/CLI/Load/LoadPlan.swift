/// How a load run drives the server.
public struct LoadPlan: Sendable, Hashable {
    /// Closed loop: `concurrency` callers each send the next request when the last one
    /// answers. Open loop: requests leave on a fixed timetable at `rate` per second whatever
    /// the server does, at most `maxOutstanding` in flight, and latency counts from each
    /// request's place on the timetable, so a stalled server cannot hide behind the requests
    /// it delayed (coordinated omission).
    public enum Mode: Sendable, Hashable {
        case closed(concurrency: Int)
        case open(rate: Double, maxOutstanding: Int)
    }

    /// When to stop sending.
    public enum Stop: Sendable, Hashable {
        case duration(Duration)
        case count(Int)
    }

    public var mode: Mode
    public var stop: Stop
    /// Sent but not counted, before the measured window starts.
    public var warmup: Duration
    /// Independent scheduling lanes, each with its own task group and tally; no more than
    /// the callers in flight.
    public var lanes: Int

    public init(mode: Mode, stop: Stop, warmup: Duration = .zero, lanes: Int) {
        self.mode = mode
        self.stop = stop
        self.warmup = warmup
        let inFlight: Int
        switch mode {
        case .closed(let concurrency): inFlight = concurrency
        case .open(_, let maxOutstanding): inFlight = maxOutstanding
        }
        if case .count(let count) = stop { self.lanes = max(1, min(lanes, inFlight, max(count, 1))) } else {
            self.lanes = max(1, min(lanes, inFlight))
        }
    }

    /// `total` split over the lanes as evenly as possible; lane `lane`'s share.
    public func share(of total: Int, lane: Int) -> Int {
        total / lanes + (lane < total % lanes ? 1 : 0)
    }
}
