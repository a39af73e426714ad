import ProtoJSON

/// `cerniq describe SYMBOL`: a service's methods, a message's fields or an enum's values,
/// from Reflection.Describe.
public enum DescribeCommand: Command {
    public static let name = "describe"
    public static let summary = "Describe a service, message or enum."
    public static let usage = "cerniq describe SYMBOL [--json] [options]"
    public static let details = """
        SYMBOL is fully qualified: cerniq.testing.v1.TestService, cerniq.testing.v1.EchoRequest,
        cerniq.testing.v1.Priority. A service shows its methods with input and output types and
        idempotency; a message its fields with JSON names, kinds and whether they are required;
        an enum its values with their JSON spellings.
        """
    public static let parser = ArgumentParser(options: [
        .init("json", help: "Print JSON instead of text."),
    ] + CommonOptions.parserOptions, positionals: 1...1)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let common = try CommonOptions(arguments, environment: context.environment)
        let name = arguments.positionals[0]
        let registry = try await context.withConnection(common) { try await $0.describe(name, options: common.callOptions) }
        guard let symbol = SchemaFormatter.lookup(name, in: registry) else {
            throw CommandFailure("\(name): the server describes no such service, message or enum")
        }
        if arguments.flag("json") {
            context.console.out(JSONWriter(pretty: true).string(SchemaFormatter.json(symbol)))
        } else {
            context.console.writeOut(SchemaFormatter.text(symbol, registry: registry))
        }
        return 0
    }
}
