import CatalogAPI
import Foundation
import Gateway
import GatewayAuth
import GatewayServer
import RPC
import ServiceKit

/// The gateway component of `cerniq serve`: the REST API on its own port, calling the
/// services over mutual TLS as `spiffe://…/gateway`, and following Identity's revocations.
struct GatewayProcess: Sendable {
    let gateway: Gateway
    let server: HTTPServer
    let clients: [Client]
    let address: String
    /// The RevocationFollower's loop; cancelled when the gateway drains.
    let follower: Task<Void, Never>

    static func start(option: (String, String) -> String?, environment: [String: String], tls: TLSConfiguration,
                      certDirectory: String, localCatalog: String?, localIdentity: String? = nil) throws -> GatewayProcess {
        let listen = option("http-listen", "CERNIQ_HTTP_LISTEN") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw UsageError("--http-listen \(listen) is not HOST:PORT")
        }
        let verifier = try TokenVerifier(checkingKeys: try tokenKeys(environment["CERNIQ_TOKEN_KEYS"], certDirectory: certDirectory))
        let catalogAddress = environment["CERNIQ_CATALOG_ADDR"] ?? localCatalog ?? "127.0.0.1:7102"
        let catalog = try Client(configuration: ClientConfiguration(target: catalogAddress, tls: tls, connections: 2))
        // Identity serves the public auth routes and the revocation feed; while it is down the
        // gateway is not ready, but tokens already issued keep working on the other routes.
        let identityAddress = environment["CERNIQ_IDENTITY_ADDR"] ?? localIdentity ?? "127.0.0.1:7103"
        let identity = try Client(configuration: ClientConfiguration(target: identityAddress, tls: tls, connections: 1))
        let interval = try Environment(environment).int("CERNIQ_REVOCATION_POLL_MS", default: 1000, range: 50...60_000)
        let revocations = RevocationList()
        let log = Logger(component: "gateway.revocations")
        let follower = RevocationFollower(identity: identity, list: revocations, interval: .milliseconds(interval),
                                          log: { log.warning($0) })
        let gateway = try Gateway(routes: RESTSurface.routes, registry: RESTSurface.registry,
                                  upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: catalog),
                                              Upstream.identity(identity)],
                                  authenticator: TokenAuthenticator(verifier: verifier, revocations: revocations),
                                  apiKeys: ApiKeyVerifier(identity: identity))
        var configuration = HTTPServerConfiguration(host: String(listen[..<colon]), port: port)
        if let certificate = environment["CERNIQ_HTTP_TLS_CERT"] {
            guard let key = environment["CERNIQ_HTTP_TLS_KEY"] else { throw UsageError("CERNIQ_HTTP_TLS_CERT needs CERNIQ_HTTP_TLS_KEY") }
            configuration.tls = HTTPServerTLS(certificatePath: certificate, privateKeyPath: key)
        }
        let server = try HTTPServer(configuration: configuration, responder: gateway)
        return GatewayProcess(gateway: gateway, server: server, clients: [catalog, identity], address: "\(configuration.host):\(server.port)",
                              follower: Task { await follower.run() })
    }

    /// `kid=path,kid=path` to kid → PEM text.
    static func tokenKeys(_ text: String?, certDirectory: String) throws -> [String: String] {
        let spec = text ?? "dev=\(certDirectory)/\(TokenSigningKey.publicKeyFileName)"
        var keys: [String: String] = [:]
        for item in spec.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw UsageError("CERNIQ_TOKEN_KEYS item \(item) is not kid=path") }
            guard let pem = try? String(contentsOfFile: String(pair[1]), encoding: .utf8) else {
                throw UsageError("cannot read the token key \(pair[1]) (run `cerniq certs` or `cerniq token keygen`)")
            }
            keys[String(pair[0])] = pem
        }
        return keys
    }

    func beginGracefulShutdown() {
        follower.cancel()
        gateway.beginDraining()
        server.beginGracefulShutdown()
    }

    func waitUntilClosed() async {
        await server.waitUntilClosed()
        await follower.value
        for client in clients { client.close() }
    }
}
