import CatalogAPI
import Foundation
import RPCCore
import Gateway
import GatewayAuth
import GatewayServer
import ProtoJSON
import RPC
import RPCTestKit
import Testing

/// A service that is down or slow is the client's 503 or 504 in the envelope, never a hang,
/// a crash or the transport's own words.
@Suite struct UpstreamFailureTests {
    /// The catalog's routes only: these gateways have no identity upstream.
    static let catalogRoutes = RESTSurface.routes.filter { $0.rpc.service == "cerniq.catalog.v1.CatalogService" }

    /// A gateway whose catalog is `caller`, on a real HTTP port.
    func withGateway<T: Sendable>(upstream: Client, _ body: (Int, String) async throws -> T) async throws -> T {
        let key = TokenSigningKey.generate(kid: "k")
        let gateway = try Gateway(routes: Self.catalogRoutes, registry: RESTSurface.registry,
                                  upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: upstream)],
                                  authenticator: TokenAuthenticator(verifier: TokenVerifier(keys: ["k": key.publicKeyPEM])))
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: gateway)
        let now = Int64(Date().timeIntervalSince1970)
        let token = key.sign(AccessTokenClaims(sub: "u", tenantId: UUID().uuidString.lowercased(), roles: ["admin"], iat: now, exp: now + 600,
                                               jti: UUID().uuidString))
        do {
            let result = try await body(server.port, token)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    func get(_ port: Int, _ target: String, token: String) async throws -> Reply {
        Reply(try await runBlocking { try TestHTTPClient(port: port).request("GET", target, headers: [("Authorization", "Bearer \(token)")]) })
    }

    @Test func anUnreachableServiceIs503_andNotReady() async throws {
        // A port nothing listens on: every connection attempt is refused.
        let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:9", tls: TestCertificates.shared.tls("gateway"),
                                                                   connectTimeout: .milliseconds(500)))
        defer { client.close() }
        try await withGateway(upstream: client) { port, token in
            let reply = try await get(port, "/api/v1/products/\(UUID().uuidString.lowercased())", token: token)
            #expect(reply.status == 503)
            #expect(reply.errorCode == "SYS_SERVICE_UNAVAILABLE")
            #expect(reply.headers["retry-after"] == "1")
            #expect(!reply.text.contains("127.0.0.1"), "no transport detail reaches the client")
            let ready = try await get(port, "/health/ready", token: token)
            #expect(ready.status == 503)
            #expect(ready.json?["error"]?["details"]?["upstreams"]?["catalog"]?["status"] == .string("unreachable"))
        }
    }

    @Test func aServiceThatOutlivesTheDeadlineIs504() async throws {
        // A server that accepts the TLS connection and never answers: the route's deadline ends the call.
        try await withTestServer(services: [SlowCatalog.definition]) { server in
            let client = try makeClient(for: server, identity: "gateway")
            defer { client.close() }
            var routes = Self.catalogRoutes
            for index in routes.indices { routes[index].deadline = .milliseconds(300) }
            let key = TokenSigningKey.generate(kid: "k")
            let gateway = try Gateway(routes: routes, registry: RESTSurface.registry,
                                      upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: client)],
                                      authenticator: TokenAuthenticator(verifier: TokenVerifier(keys: ["k": key.publicKeyPEM])))
            let http = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: gateway)
            let now = Int64(Date().timeIntervalSince1970)
            let token = key.sign(AccessTokenClaims(sub: "u", tenantId: UUID().uuidString.lowercased(), roles: ["admin"], iat: now, exp: now + 600,
                                                   jti: UUID().uuidString))
            let reply = try await get(http.port, "/api/v1/products/\(UUID().uuidString.lowercased())", token: token)
            await http.close()
            #expect(reply.status == 504)
            #expect(reply.errorCode == "SYS_TIMEOUT")
        }
    }
}

/// A catalog whose GetProduct waits until its caller gives up.
enum SlowCatalog {
    static let definition = ServiceDefinition(name: "cerniq.catalog.v1.CatalogService", methods: [
        MethodHandler(descriptor: CatalogServiceMethods.getProduct) { _ in
            { _ in
                try await Task.sleep(for: .seconds(30))
                return ProductDetail()
            }
        },
    ])
}
