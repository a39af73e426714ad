/// `cerniq health [SERVICE]`: Health.Check; exits 0 only when the answer is SERVING.
public enum HealthCommand: Command {
    public static let name = "health"
    public static let summary = "Check whether a server (or one of its services) is serving."
    public static let usage = "cerniq health [SERVICE] [options]"
    public static let details = """
        Prints SERVING, NOT_SERVING or SERVICE_UNKNOWN. Without SERVICE, asks about the
        process as a whole. Exits 0 only when SERVING.
        """
    public static let parser = ArgumentParser(options: CommonOptions.parserOptions, positionals: 0...1)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let common = try CommonOptions(arguments, environment: context.environment)
        let service = arguments.positionals.first ?? ""
        let status = try await context.withConnection(common) {
            try await $0.checkHealth(service: service, options: common.callOptions)
        }
        context.console.out(status)
        return status == "SERVING" ? 0 : CommandLineTool.failureExitCode
    }
}
