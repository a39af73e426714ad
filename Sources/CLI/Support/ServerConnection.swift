import RPC

/// What the commands need from a server: a caller for arbitrary methods, and the runtime's
/// reflection and health services. `RemoteServer` is the real one; tests pass a fake.
public protocol ServerConnection: Sendable {
    /// Makes calls to any method.
    var caller: any RPCCaller { get }
    /// Reflection.ListServices: the hosted services' names.
    func listServices(options: CallOptions) async throws -> [String]
    /// Reflection.Describe: a service, message or enum and everything it reaches.
    func describe(_ symbol: String, options: CallOptions) async throws -> SchemaRegistry
    /// Health.Check: the status name (`SERVING`, `NOT_SERVING`, `SERVICE_UNKNOWN`, ...).
    func checkHealth(service: String, options: CallOptions) async throws -> String
    /// Closes the connections.
    func close()
}

/// Everything a command gets from outside: environment, console, standard input, and how to connect.
public struct CommandContext: Sendable {
    public var environment: [String: String]
    public var console: Console
    /// Reads all of standard input.
    public var readStandardInput: @Sendable () -> [UInt8]
    /// True when standard input is a terminal (so `call` tells the user it is waiting).
    public var standardInputIsTerminal: Bool
    /// Opens a connection pool to a server.
    public var connect: @Sendable (ClientConfiguration) throws -> any ServerConnection
    /// How many scheduling lanes a load run uses (the processor count).
    public var processorCount: Int

    public init(environment: [String: String], console: Console, readStandardInput: @escaping @Sendable () -> [UInt8],
                standardInputIsTerminal: Bool, connect: @escaping @Sendable (ClientConfiguration) throws -> any ServerConnection,
                processorCount: Int) {
        self.environment = environment
        self.console = console
        self.readStandardInput = readStandardInput
        self.standardInputIsTerminal = standardInputIsTerminal
        self.connect = connect
        self.processorCount = processorCount
    }
}
