import Foundation
/// A hand-written parser for `--name value`, `--name=value`, flags and positionals.
/// `--` ends the options; `-h` is `--help`. Anything unexpected is a `UsageError`.
public struct ArgumentParser: Sendable {
    /// One option a command accepts.
    public struct Option: Sendable, Hashable {
        /// The name without dashes (`target`).
        public var name: String
        /// The placeholder shown in help (`HOST:PORT`); nil for a flag that takes no value.
        public var valueName: String?
        /// May be given more than once (`--metadata`).
        public var repeatable: Bool
        public var help: String

        public init(_ name: String, value valueName: String? = nil, repeatable: Bool = false, help: String) {
            self.name = name
            self.valueName = valueName
            self.repeatable = repeatable
            self.help = help
        }

        var takesValue: Bool { valueName != nil }
    }

    public var options: [Option]
    /// How many positionals are allowed.
    public var positionals: ClosedRange<Int>

    public init(options: [Option], positionals: ClosedRange<Int> = 0...0) {
        self.options = options + [Option("help", help: "Show this help.")]
        self.positionals = positionals
    }

    /// Parses `arguments` (without the program and command names).
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "-h" {
                parsed.values["help", default: []].append("")
                continue
            }
            guard argument.hasPrefix("--") else { throw UsageError("unknown option \(argument)") }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.name == name }) else { throw UsageError("unknown option --\(name)") }
            let value: String
            if option.takesValue {
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value (\(option.valueName ?? "VALUE"))") }
                    value = arguments[index]
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                value = ""
            }
            if !option.repeatable, parsed.values[name] != nil { throw UsageError("--\(name) given more than once") }
            parsed.values[name, default: []].append(value)
        }
        if parsed.flag("help") { return parsed }
        guard positionals.contains(parsed.positionals.count) else {
            if parsed.positionals.count < positionals.lowerBound { throw UsageError("missing argument") }
            throw UsageError("unexpected argument \(parsed.positionals[positionals.upperBound])")
        }
        return parsed
    }

    /// The options section of a command's help, one aligned line per option.
    public var optionsHelp: String {
        let labels = options.map { "--\($0.name)" + ($0.valueName.map { " \($0)" } ?? "") }
        let width = labels.map(\.count).max() ?? 0
        return zip(labels, options).map { label, option in
            "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + option.help
        }.joined(separator: "\n")
    }
}

/// The result of parsing: option values by name, in order given, and positionals.
public struct ParsedArguments: Sendable, Hashable {
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []

    public init() {}

    /// The value of a single-valued option.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable option.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { values[name] != nil }

    /// An option's value parsed by `convert`, or nil when absent; a value `convert` rejects is a usage error.
    public func value<T>(_ name: String, as what: String, _ convert: (String) -> T?) throws(UsageError) -> T? {
        guard let text = value(name) else { return nil }
        guard let converted = convert(text) else { throw UsageError("--\(name): \"\(text)\" is not \(what)") }
        return converted
    }
}
