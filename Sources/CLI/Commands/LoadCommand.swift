import ProtoJSON

/// `cerniq load SERVICE/METHOD`: like ghz. Closed loop with `--concurrency`, or open loop at
/// `--rate` with latency measured from each request's intended send time.
public enum LoadCommand: Command {
    public static let name = "load"
    public static let summary = "Load-test one method and report throughput and latency percentiles."
    public static let usage = "cerniq load SERVICE/METHOD [--concurrency N | --rate R] [--duration D | --count N] [options]"
    public static let details = """
        Closed loop (--concurrency N, the default with N = 10): N callers each send the next
        request as soon as the last one answers. Open loop (--rate R): requests leave on a fixed
        timetable of R per second whatever the server does, at most --max-outstanding in flight;
        latency counts from each request's place on the timetable, so a slow server cannot hide
        the requests it delayed (coordinated omission).

        String values in the request may hold markers rendered per request: {{counter}},
        {{uuid}}, {{random:a|b|c}}, {{randomInt:1:100}}. Without markers the request is encoded
        once. A progress line goes to stderr every second unless --quiet; --json prints one JSON
        object: {"requests","durationSeconds","requestsPerSecond","statuses","latency"}.
        Ctrl-C stops sending and still reports.
        """
    public static let parser = ArgumentParser(options: RequestBody.parserOptions + [
        .init("concurrency", value: "N", help: "Closed loop with N callers (default 10)."),
        .init("rate", value: "R", help: "Open loop at R requests per second."),
        .init("max-outstanding", value: "N", help: "Open loop: most calls in flight (default 10000)."),
        .init("duration", value: "DURATION", help: "How long to measure, e.g. 10s (default 10s unless --count)."),
        .init("count", value: "N", help: "How many requests to measure instead of a duration."),
        .init("warmup", value: "DURATION", help: "Send but do not count for this long first (default 0s)."),
        .init("connections", value: "K", help: "Connections in the client's pool (default 1)."),
        .init("quiet", help: "No progress lines."),
        .init("json", help: "Print the report as one JSON object."),
    ] + CommonOptions.parserOptions, positionals: 1...1)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let common = try CommonOptions(arguments, environment: context.environment)
        let target = try MethodTarget(arguments.positionals[0])
        let plan = try makePlan(arguments, processorCount: context.processorCount)
        let connections = try positive(arguments, "connections") ?? 1
        let body = try RequestBody.read(arguments, context: context, fallback: "{}")

        let report = try await context.withConnection(common, connections: connections) { connection in
            let resolved = try await target.resolve(connection, options: common.callOptions)
            let transcoder = JSONTranscoder(registry: resolved.registry)
            let source: RequestSource
            do {
                source = try RequestSource.make(json: body, messageType: resolved.method.inputType, transcoder: transcoder)
            } catch let error as TranscodingError {
                throw UsageError(ErrorFormatter.describe(error))
            }
            let counters = LoadCounters()
            let generator = LoadGenerator(caller: connection.caller, method: resolved.descriptor, options: common.callOptions,
                                          source: source, plan: plan, counters: counters)
            let interrupt = InterruptHandler { counters.requestStop() }
            defer { interrupt.cancel() }
            let progress = arguments.flag("quiet") ? nil : Task {
                await ProgressReporter(counters: counters, console: context.console, warmup: plan.warmup).run()
            }
            let report = await generator.run()
            progress?.cancel()
            return report
        }
        if arguments.flag("json") {
            context.console.out(JSONWriter().string(report.json))
        } else {
            context.console.writeOut(report.text)
        }
        return 0
    }

    /// The plan the options describe.
    public static func makePlan(_ arguments: ParsedArguments, processorCount: Int) throws(UsageError) -> LoadPlan {
        let concurrency = try positive(arguments, "concurrency")
        let rate = try arguments.value("rate", as: "a positive number") { Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } }
        let maxOutstanding = try positive(arguments, "max-outstanding")
        let mode: LoadPlan.Mode
        if let rate {
            guard concurrency == nil else { throw UsageError("give --concurrency (closed loop) or --rate (open loop), not both") }
            mode = .open(rate: rate, maxOutstanding: maxOutstanding ?? 10_000)
        } else {
            guard maxOutstanding == nil else { throw UsageError("--max-outstanding applies to --rate only") }
            mode = .closed(concurrency: concurrency ?? 10)
        }
        let count = try positive(arguments, "count")
        let duration = try arguments.value("duration", as: "a duration such as 10s", DurationText.parse)
        let stop: LoadPlan.Stop
        if let count {
            guard duration == nil else { throw UsageError("give --duration or --count, not both") }
            stop = .count(count)
        } else {
            let duration = duration ?? .seconds(10)
            guard duration > .zero else { throw UsageError("--duration must be more than 0") }
            stop = .duration(duration)
        }
        let warmup = try arguments.value("warmup", as: "a duration such as 1s", DurationText.parse) ?? .zero
        return LoadPlan(mode: mode, stop: stop, warmup: warmup, lanes: max(1, processorCount))
    }

    static func positive(_ arguments: ParsedArguments, _ name: String) throws(UsageError) -> Int? {
        try arguments.value(name, as: "a positive integer") { Int($0).flatMap { $0 > 0 ? $0 : nil } }
    }
}
