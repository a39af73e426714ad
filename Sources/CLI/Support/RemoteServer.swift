import RPC
import RuntimeAPI

/// A real server: a `Client` pool, with the runtime's generated Reflection and Health clients.
public final class RemoteServer: ServerConnection {
    let client: Client
    public var caller: any RPCCaller { client }

    /// Opens a client with `configuration` (connections are made lazily by the client).
    public init(configuration: ClientConfiguration) throws {
        client = try Client(configuration: configuration)
    }

    public func listServices(options: CallOptions) async throws -> [String] {
        try await ReflectionClient(client).listServices(ListServicesRequest(), options: options).services
    }

    public func describe(_ symbol: String, options: CallOptions) async throws -> SchemaRegistry {
        let response = try await ReflectionClient(client).describe(DescribeRequest(symbol: symbol), options: options)
        return try Self.registry(from: response)
    }

    public func checkHealth(service: String, options: CallOptions) async throws -> String {
        let response = try await HealthClient(client).check(HealthCheckRequest(service: service), options: options)
        return Self.name(of: response.status)
    }

    public func close() { client.close() }

    /// The canonical upper-case name of a serving status, as the proto spells it.
    static func name(of status: ServingStatus) -> String {
        switch status {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        case .unspecified: "UNSPECIFIED"
        }
    }

    /// The schema a `DescribeResponse` carries; a field kind this CLI does not know is a failure.
    static func registry(from response: DescribeResponse) throws -> SchemaRegistry {
        do {
            return try response.registry
        } catch {
            throw CommandFailure("the server described a type this CLI cannot use: \(RPCError(from: error).message)")
        }
    }
}
