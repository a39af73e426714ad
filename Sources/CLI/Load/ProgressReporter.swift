import RPCCore

/// Prints one line a second while a load run goes: elapsed time, requests so far,
/// the last second's rate, and errors.
struct ProgressReporter {
    let counters: LoadCounters
    let console: Console
    let warmup: Duration

    /// Runs until cancelled.
    func run() async {
        let start = Deadline.now()
        let warmupNanoseconds = DurationText.nanoseconds(warmup)
        var lastCount: UInt64 = 0
        var lastTime = start
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { return }
            let now = Deadline.now()
            let count = counters.requestCount
            let elapsed = Double(now - start) / 1e9
            // Nothing counts until the warmup is over; say so rather than print zeros.
            if count == 0, now - start <= warmupNanoseconds + 1_000_000_000 {
                console.error("[\(LoadReport.format(elapsed, places: 0))s] warming up")
                continue
            }
            let rate = Double(count - lastCount) / max(Double(now - lastTime) / 1e9, 1e-9)
            console.error("[\(LoadReport.format(elapsed, places: 0))s] requests \(count)  rps \(LoadReport.format(rate, places: 0))"
                          + "  errors \(counters.errorCount)")
            lastCount = count
            lastTime = now
        }
    }
}
