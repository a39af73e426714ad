// The one binary (DESIGN D10). Subcommands live in the CLI library, one file each;
// this table only dispatches.
import CLI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let tool = CommandLineTool(commands: [
    ListCommand.self,
    DescribeCommand.self,
    CallCommand.self,
    HealthCommand.self,
    LoadCommand.self,
    ServeCommand.self,
    CertsCommand.self,
    TokenCommand.self,
    IdentityCommand.self,
])
exit(await tool.run(Array(CommandLine.arguments.dropFirst()), context: .standard))
