import Foundation
import ProtoJSON

/// The request JSON of `call` and `load`: `--data JSON`, `--file PATH` (`-` for stdin),
/// or standard input.
enum RequestBody {
    static let parserOptions: [ArgumentParser.Option] = [
        .init("data", value: "JSON", help: "The request as JSON."),
        .init("file", value: "PATH", help: "Read the request JSON from a file ('-' for stdin)."),
    ]

    /// Reads and parses the body; `fallback` is used when neither option is given
    /// (nil reads standard input). Malformed JSON is a usage error.
    static func read(_ arguments: ParsedArguments, context: CommandContext, fallback: String?) throws -> JSONValue {
        let data = arguments.value("data"), file = arguments.value("file")
        if data != nil, file != nil { throw UsageError("give --data or --file, not both") }
        let bytes: [UInt8]
        if let data {
            bytes = Array(data.utf8)
        } else if let file, file != "-" {
            guard let contents = FileManager.default.contents(atPath: file) else { throw UsageError("--file: cannot read \(file)") }
            bytes = Array(contents)
        } else if file == nil, let fallback {
            bytes = Array(fallback.utf8)
        } else {
            if context.standardInputIsTerminal { context.console.error("reading the request JSON from standard input (end with Ctrl-D)") }
            bytes = context.readStandardInput()
        }
        // An empty body (`< /dev/null`) is the empty message.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw UsageError("the request is not JSON: \(error.description)")
        }
    }
}
