import CatalogAPI
import Foundation
import Gateway
import GatewayAuth
import GatewayServer
import RPC

/// The gateway component of `cerniq serve`: the REST API on its own port, calling the
/// services over mutual TLS as `spiffe://…/gateway`.
struct GatewayProcess: Sendable {
    let gateway: Gateway
    let server: HTTPServer
    let clients: [Client]
    let address: String

    static func start(option: (String, String) -> String?, environment: [String: String], tls: TLSConfiguration,
                      certDirectory: String, localCatalog: String?) throws -> GatewayProcess {
        let listen = option("http-listen", "CERNIQ_HTTP_LISTEN") ?? "127.0.0.1:8080"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw UsageError("--http-listen \(listen) is not HOST:PORT")
        }
        let verifier = try TokenVerifier(checkingKeys: try tokenKeys(environment["CERNIQ_TOKEN_KEYS"], certDirectory: certDirectory))
        let catalogAddress = environment["CERNIQ_CATALOG_ADDR"] ?? localCatalog ?? "127.0.0.1:7102"
        let catalog = try Client(configuration: ClientConfiguration(target: catalogAddress, tls: tls, connections: 2))
        let gateway = try Gateway(routes: RESTSurface.routes, registry: RESTSurface.registry,
                                  upstreams: [Upstream(service: "cerniq.catalog.v1.CatalogService", name: "catalog", caller: catalog)],
                                  authenticator: TokenAuthenticator(verifier: verifier))
        var configuration = HTTPServerConfiguration(host: String(listen[..<colon]), port: port)
        if let certificate = environment["CERNIQ_HTTP_TLS_CERT"] {
            guard let key = environment["CERNIQ_HTTP_TLS_KEY"] else { throw UsageError("CERNIQ_HTTP_TLS_CERT needs CERNIQ_HTTP_TLS_KEY") }
            configuration.tls = HTTPServerTLS(certificatePath: certificate, privateKeyPath: key)
        }
        let server = try HTTPServer(configuration: configuration, responder: gateway)
        return GatewayProcess(gateway: gateway, server: server, clients: [catalog], address: "\(configuration.host):\(server.port)")
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
        gateway.beginDraining()
        server.beginGracefulShutdown()
    }

    func waitUntilClosed() async {
        await server.waitUntilClosed()
        for client in clients { client.close() }
    }
}
