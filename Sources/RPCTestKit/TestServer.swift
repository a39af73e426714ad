import Foundation
import RPC

/// Runs `body` against a started server on a free port, and shuts the server down
/// afterwards whether `body` succeeds or throws.
public func withTestServer<Result: Sendable>(
    services: [ServiceDefinition],
    schema: SchemaRegistry = SchemaRegistry(),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (Server) async throws -> Result
) async throws -> Result {
    var configuration = ServerConfiguration(tls: TestCertificates.shared.tls("testing"))
    configure(&configuration)
    let server = try Server(configuration: configuration, services: services, schema: schema)
    try server.start()
    do {
        let result = try await body(server)
        server.beginGracefulShutdown()
        try await server.run()
        return result
    } catch {
        server.beginGracefulShutdown()
        try await server.run()
        throw error
    }
}

/// A client of `server` presenting the certificate of `identity`.
public func makeClient(for server: Server, identity: String = "cli", trust: String = "ca",
                       configure: (inout ClientConfiguration) -> Void = { _ in }) throws -> Client {
    var configuration = ClientConfiguration(target: "127.0.0.1:\(server.port)",
                                            tls: TestCertificates.shared.tls(identity, trust: trust))
    configure(&configuration)
    return try Client(configuration: configuration)
}
