import RPCCore
import ProtoJSON

/// `cerniq call SERVICE/METHOD`: like grpcurl. Fetches the schema through Reflection.Describe,
/// transcodes the JSON request, makes the call and prints the response as JSON.
public enum CallCommand: Command {
    public static let name = "call"
    public static let summary = "Call a method with a JSON request and print the JSON response."
    public static let usage = "cerniq call SERVICE/METHOD [--data JSON | --file PATH] [options]"
    public static let details = """
        The request is read from --data, --file, or standard input. The schema comes from the
        server's reflection service, so any server can be called without generated code.
        On failure prints 'ERROR <CODE>: message' (and the call's StatusDetails) and exits 1.
        Example: cerniq call cerniq.testing.v1.TestService/Echo --data '{"text":"hi"}'
        """
    public static let parser = ArgumentParser(options: RequestBody.parserOptions + [
        .init("emit-defaults", help: "Print fields at their zero value too."),
    ] + CommonOptions.parserOptions, positionals: 1...1)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let common = try CommonOptions(arguments, environment: context.environment)
        let target = try MethodTarget(arguments.positionals[0])
        let body = try RequestBody.read(arguments, context: context, fallback: nil)
        return try await context.withConnection(common) { connection in
            let resolved = try await target.resolve(connection, options: common.callOptions)
            var options = JSONTranscoder.Options(prettyPrint: true)
            options.includeDefaultValues = arguments.flag("emit-defaults")
            let transcoder = JSONTranscoder(registry: resolved.registry, options: options)
            let request: [UInt8]
            do {
                request = try transcoder.encode(body, messageType: resolved.method.inputType)
            } catch let error as TranscodingError {
                context.console.error(ErrorFormatter.describe(error))
                return CommandLineTool.usageExitCode
            }
            let response = try await connection.caller.call(resolved.descriptor, request: request, options: common.callOptions)
            let json = try transcoder.decode(response, messageType: resolved.method.outputType)
            context.console.out(String(decoding: json, as: UTF8.self))
            return 0
        }
    }
}
