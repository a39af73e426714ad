import Foundation
import RPCCore
import ProtoJSON

/// Dispatches `cerniq <command> ...` to a command, printing help and errors with the
/// exit codes scripts rely on: 0 success, 1 a call or check failed, 2 a usage error.
public struct CommandLineTool {
    public static let usageExitCode: Int32 = 2
    public static let failureExitCode: Int32 = 1

    public let commands: [any Command.Type]

    public init(commands: [any Command.Type]) { self.commands = commands }

    /// The top-level help.
    public var help: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let lines = commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
        return """
            Usage: cerniq <command> [options]

            Commands:
            \(lines.joined(separator: "\n"))

            Run 'cerniq <command> --help' for a command's options.

            """
    }

    /// Runs `arguments` (without the program name) and returns the exit status.
    public func run(_ arguments: [String], context: CommandContext) async -> Int32 {
        let console = context.console
        guard let name = arguments.first else {
            console.writeError(help)
            return Self.usageExitCode
        }
        if name == "--help" || name == "-h" || name == "help" {
            console.writeOut(help)
            return 0
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            console.error("cerniq: unknown command '\(name)'")
            console.writeError(help)
            return Self.usageExitCode
        }
        do {
            let parsed = try command.parser.parse(Array(arguments.dropFirst()))
            if parsed.flag("help") {
                console.writeOut(command.help)
                return 0
            }
            return try await command.run(parsed, context: context)
        } catch let error as UsageError {
            console.error("cerniq \(name): \(error.message)")
            console.error("Usage: \(command.usage)")
            console.error("Run 'cerniq \(name) --help' for more.")
            return Self.usageExitCode
        } catch let error as CommandFailure {
            console.error(error.message)
            return Self.failureExitCode
        } catch let error as RPCError {
            console.error(ErrorFormatter.describe(error))
            return Self.failureExitCode
        } catch let error as TranscodingError {
            console.error(ErrorFormatter.describe(error))
            return Self.failureExitCode
        } catch {
            console.error("cerniq \(name): \(error)")
            return Self.failureExitCode
        }
    }
}
