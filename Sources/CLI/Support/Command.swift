/// One subcommand of `cerniq`. Each lives in its own file and is listed in main.swift's table.
///
/// ```swift
/// enum Hello: Command {
///     static let name = "hello"
///     static let summary = "Say hello."
///     static let usage = "cerniq hello [NAME]"
///     static let parser = ArgumentParser(options: [], positionals: 0...1)
///     static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
///         context.console.out("hello \(arguments.positionals.first ?? "world")")
///         return 0
///     }
/// }
/// ```
public protocol Command {
    /// The word after `cerniq`.
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The synopsis line, e.g. `cerniq call SERVICE/METHOD [--data JSON | --file PATH] [options]`.
    static var usage: String { get }
    /// More explanation for `--help`; empty for none.
    static var details: String { get }
    static var parser: ArgumentParser { get }
    /// Runs with parsed arguments; returns the exit status. Throws `UsageError` (exit 2),
    /// `CommandFailure` (exit 1), or anything else (printed, exit 1).
    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32
}

extension Command {
    public static var details: String { "" }

    /// The full `--help` text.
    public static var help: String {
        var text = "Usage: \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        return text + "\nOptions:\n\(parser.optionsHelp)\n"
    }
}
