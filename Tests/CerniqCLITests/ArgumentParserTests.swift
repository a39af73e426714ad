import Testing
@testable import CLI

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser(options: [
        .init("target", value: "HOST:PORT", help: "t"),
        .init("metadata", value: "K=V", repeatable: true, help: "m"),
        .init("json", help: "j"),
    ], positionals: 0...1)

    @Test func parsesValuesFlagsAndPositionals_inEitherSpelling() throws {
        let parsed = try parser.parse(["--target", "h:1", "SYM", "--metadata=a=b", "--metadata", "c=d", "--json"])
        #expect(parsed.value("target") == "h:1")
        #expect(parsed.all("metadata") == ["a=b", "c=d"])
        #expect(parsed.flag("json"))
        #expect(parsed.positionals == ["SYM"])
    }

    @Test func treatsEverythingAfterDoubleDashAsPositional() throws {
        #expect(try parser.parse(["--", "--json"]).positionals == ["--json"])
    }

    @Test(arguments: [
        (["--nope"], "unknown option --nope"), (["--target"], "--target needs a value (HOST:PORT)"),
        (["--json=1"], "--json takes no value"), (["--target", "a", "--target", "b"], "--target given more than once"),
        (["a", "b"], "unexpected argument b"), (["-x"], "unknown option -x"),
    ])
    func rejectsBadCommandLines(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError(message)) { try parser.parse(arguments) }
    }

    @Test func reportsAMissingPositional() {
        let strict = ArgumentParser(options: [], positionals: 1...1)
        #expect(throws: UsageError("missing argument")) { try strict.parse([]) }
    }

    @Test func acceptsHelpWhateverElseIsMissing() throws {
        let strict = ArgumentParser(options: [], positionals: 1...1)
        #expect(try strict.parse(["-h"]).flag("help"))
        #expect(try strict.parse(["--help"]).flag("help"))
    }

    @Test func alignsTheOptionsHelp() {
        #expect(parser.optionsHelp == """
              --target HOST:PORT  t
              --metadata K=V      m
              --json              j
              --help              Show this help.
            """)
    }

    @Test(arguments: [("5s", Duration.seconds(5)), ("250ms", .milliseconds(250)), ("1.5m", .seconds(90)), ("1h", .seconds(3600)),
                      ("100us", .microseconds(100)), ("7", .seconds(7)), ("0", .zero), ("10ns", .nanoseconds(10))])
    func parsesDurations(_ text: String, _ expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "-1s", "5x", "1e3s", "five"])
    func rejectsMalformedDurations(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }
}
