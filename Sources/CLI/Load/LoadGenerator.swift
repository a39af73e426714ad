import RPCCore

/// Runs a `LoadPlan` against one method. Each lane is a single task that owns a task group,
/// a tally and a random generator: it adds one child task per call and records each result
/// as it collects it, so the hot path takes no lock and allocates only the child task.
/// Times come from the monotonic clock (`Deadline.now()`).
public struct LoadGenerator: Sendable {
    public let caller: any RPCCaller
    public let method: MethodDescriptor
    public let options: CallOptions
    public let source: RequestSource
    public let plan: LoadPlan
    public let counters: LoadCounters

    public init(caller: any RPCCaller, method: MethodDescriptor, options: CallOptions, source: RequestSource, plan: LoadPlan,
                counters: LoadCounters = LoadCounters()) {
        self.caller = caller
        self.method = method
        self.options = options
        self.source = source
        self.plan = plan
        self.counters = counters
    }

    /// What one lane measured.
    struct LaneResult: Sendable {
        var tally: LoadTally
        /// When the last counted call finished (monotonic ns), 0 if none.
        var lastCompletion: UInt64
    }

    /// One finished call, or the open loop's timer firing.
    enum Event: Sendable {
        case completed(intended: UInt64, finished: UInt64, status: RPCError.Code)
        case tick
    }

    /// Runs the plan to its end (or until `counters.requestStop()`) and reports the measured window.
    public func run() async -> LoadReport {
        let start = Deadline.now()
        let measureStart = start + DurationText.nanoseconds(plan.warmup)
        var seeds = SystemRandomNumberGenerator()
        let laneSeeds = (0..<plan.lanes).map { _ in seeds.next() }
        // Lanes run on the transport's event loops when it has them, so each call is
        // written, answered and recorded on one thread.
        let executors = caller.preferredExecutors
        let results = await withTaskGroup(of: LaneResult.self) { group in
            for lane in 0..<plan.lanes {
                group.addTask(executorPreference: executors.isEmpty ? nil : executors[lane % executors.count]) {
                    switch plan.mode {
                    case .closed(let concurrency):
                        await closedLoopLane(lane, workers: plan.share(of: concurrency, lane: lane), start: start,
                                             measureStart: measureStart, seed: laneSeeds[lane])
                    case .open(let rate, let maxOutstanding):
                        await openLoopLane(lane, rate: rate, maxOutstanding: max(1, plan.share(of: maxOutstanding, lane: lane)),
                                           start: start, measureStart: measureStart, seed: laneSeeds[lane])
                    }
                }
            }
            var results: [LaneResult] = []
            for await result in group { results.append(result) }
            return results
        }
        var tally = LoadTally()
        var lastCompletion = measureStart
        for result in results {
            tally.merge(result.tally)
            lastCompletion = max(lastCompletion, result.lastCompletion)
        }
        return LoadReport(tally: tally, durationSeconds: Double(lastCompletion - measureStart) / 1e9)
    }

    /// The measured window's end for a duration run.
    func measureEnd(_ measureStart: UInt64) -> UInt64? {
        if case .duration(let duration) = plan.stop { return measureStart + DurationText.nanoseconds(duration) }
        return nil
    }

    /// How many counted calls lane `lane` sends in a count run.
    func quota(_ lane: Int) -> Int? {
        if case .count(let count) = plan.stop { return plan.share(of: count, lane: lane) }
        return nil
    }

    /// The child task of one call: returns when it was meant to leave, when it finished, and how.
    @inline(__always)
    func call(_ request: [UInt8], intended: UInt64) -> @Sendable () async -> Event {
        { [caller, method, options] in
            let status: RPCError.Code
            do {
                _ = try await caller.call(method, request: request, options: options)
                status = .ok
            } catch let error as RPCError {
                status = error.code
            } catch {
                status = .unknown
            }
            return .completed(intended: intended, finished: Deadline.now(), status: status)
        }
    }

    /// Builds request `counter`; a template that fails to render counts as INVALID_ARGUMENT, unsent.
    @inline(__always)
    func makeRequest(_ counter: UInt64, _ random: inout SplitMix64) -> [UInt8]? {
        try? source.request(counter: counter, using: &random)
    }

    func closedLoopLane(_ lane: Int, workers: Int, start: UInt64, measureStart: UInt64, seed: UInt64) async -> LaneResult {
        var result = LaneResult(tally: LoadTally(), lastCompletion: 0)
        var random = SplitMix64(seed: seed)
        let end = measureEnd(measureStart)
        let quota = quota(lane)
        var counted = 0
        var sequence = UInt64(lane)
        let stride = UInt64(plan.lanes)
        guard workers > 0 else { return result }

        /// Whether another call may start now, and if so whether it counts.
        func mayStart(_ now: UInt64) -> Bool {
            if counters.isStopRequested { return false }
            if now < measureStart { return true }
            if let end { return now < end }
            return counted < (quota ?? 0)
        }

        await withTaskGroup(of: Event.self) { group in
            var inFlight = 0
            while inFlight < workers {
                let now = Deadline.now()
                guard mayStart(now) else { break }
                if now >= measureStart { counted += 1 }
                guard let request = makeRequest(sequence, &random) else {
                    result.tally.recordUnsent(status: .invalidArgument)
                    sequence += stride
                    continue
                }
                sequence += stride
                group.addTask(operation: call(request, intended: now))
                inFlight += 1
            }
            while let event = await group.next() {
                inFlight -= 1
                if case .completed(let intended, let finished, let status) = event, intended >= measureStart {
                    result.tally.record(latencyNanoseconds: finished &- intended, status: status)
                    result.lastCompletion = max(result.lastCompletion, finished)
                    counters.add(ok: status == .ok)
                }
                // Replace the finished call (and any that could not be built).
                while inFlight < workers {
                    let now = Deadline.now()
                    guard mayStart(now) else { break }
                    if now >= measureStart { counted += 1 }
                    let counter = sequence
                    sequence += stride
                    guard let request = makeRequest(counter, &random) else {
                        result.tally.recordUnsent(status: .invalidArgument)
                        continue
                    }
                    group.addTask(operation: call(request, intended: now))
                    inFlight += 1
                }
            }
        }
        return result
    }

    func openLoopLane(_ lane: Int, rate: Double, maxOutstanding: Int, start: UInt64, measureStart: UInt64, seed: UInt64) async
        -> LaneResult {
        var result = LaneResult(tally: LoadTally(), lastCompletion: 0)
        var random = SplitMix64(seed: seed)
        let end = measureEnd(measureStart)
        let quota = quota(lane)
        let lanes = Double(plan.lanes)
        // The whole run's timetable is one request every 1/rate s; lane i takes slots i, i+L, i+2L, ...
        let interval = 1e9 / max(rate, 1e-9)
        func intended(_ slot: UInt64) -> UInt64 { start + UInt64((Double(lane) + Double(slot) * lanes) * interval) }
        var slot: UInt64 = 0
        var counted = 0

        func mayStart(_ time: UInt64) -> Bool {
            if counters.isStopRequested { return false }
            if time < measureStart { return true }
            if let end { return time < end }
            return counted < (quota ?? 0)
        }

        await withTaskGroup(of: Event.self) { group in
            var outstanding = 0
            var timerSet = false
            group.addTask { .tick }
            timerSet = true
            while let event = await group.next() {
                switch event {
                case .tick:
                    timerSet = false
                case .completed(let intended, let finished, let status):
                    outstanding -= 1
                    if intended >= measureStart {
                        result.tally.record(latencyNanoseconds: finished &- intended, status: status)
                        result.lastCompletion = max(result.lastCompletion, finished)
                        counters.add(ok: status == .ok)
                    }
                }
                // Send every request whose time has come, as far as the cap allows; one held
                // back by the cap leaves late, and its latency still counts from its slot.
                let now = Deadline.now()
                while outstanding < maxOutstanding {
                    let due = intended(slot)
                    guard due <= now, mayStart(due) else { break }
                    if due >= measureStart { counted += 1 }
                    let counter = UInt64(lane) + slot * UInt64(plan.lanes)
                    slot += 1
                    guard let request = makeRequest(counter, &random) else {
                        result.tally.recordUnsent(status: .invalidArgument)
                        continue
                    }
                    group.addTask(operation: call(request, intended: due))
                    outstanding += 1
                }
                let next = intended(slot)
                if !timerSet, next > now, mayStart(next) {
                    let wait = next - now
                    group.addTask {
                        try? await Task.sleep(nanoseconds: wait)
                        return .tick
                    }
                    timerSet = true
                }
            }
        }
        return result
    }
}
