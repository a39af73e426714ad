import ProtoJSON

/// `cerniq list`: the services a server hosts, from Reflection.ListServices.
public enum ListCommand: Command {
    public static let name = "list"
    public static let summary = "List the services a server hosts."
    public static let usage = "cerniq list [--json] [options]"
    public static let parser = ArgumentParser(options: [
        .init("json", help: "Print a JSON array."),
    ] + CommonOptions.parserOptions)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let common = try CommonOptions(arguments, environment: context.environment)
        let services = try await context.withConnection(common) { try await $0.listServices(options: common.callOptions) }
        if arguments.flag("json") {
            context.console.out(JSONWriter().string(.array(services.map { .string($0) })))
        } else {
            for service in services { context.console.out(service) }
        }
        return 0
    }
}
