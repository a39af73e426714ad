import Dispatch
import Foundation
import GatewayHTTP
import GatewayServer

// A minimal GatewayServer for load tests: `GET /health/ping` answered on the loop by
// `respondImmediately`, everything else 404 from `route`. PORT (default 8080) and, optionally,
// TLS_CERT and TLS_KEY come from the environment; SIGINT/SIGTERM drain and exit.
// See gateway/Benchmarks/ping.sh for the wrk comparison with nginx.

struct PingResponder: HTTPResponder {
    static let pong = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"ok"}"#.utf8))
    static let notFound = HTTPResponse(status: 404, headers: [("Content-Type", "application/json")],
                                       body: Array(#"{"error":{"code":"not_found"}}"#.utf8))

    func route(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPHeadDecision {
        head.target == "/health/ping" ? .proceed(bodyLimit: nil) : .respond(Self.notFound)
    }

    func respondImmediately(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse? { Self.pong }

    func respond(to request: HTTPRequest, context: HTTPRequestContext) async -> HTTPResponse { Self.pong }

    func failureResponse(_ failure: HTTPServerFailure) -> HTTPResponse {
        HTTPResponse(status: failure.status, headers: [("Content-Type", "application/json")], body: Array(#"{"error":{"code":"bad_request"}}"#.utf8))
    }
}

let environment = ProcessInfo.processInfo.environment
var configuration = HTTPServerConfiguration(port: Int(environment["PORT"] ?? "") ?? 8080, drainGracePeriod: .seconds(2))
if let certificate = environment["TLS_CERT"], let key = environment["TLS_KEY"] {
    configuration.tls = HTTPServerTLS(certificatePath: certificate, privateKeyPath: key)
}
let server = try HTTPServer(configuration: configuration, responder: PingResponder())
FileHandle.standardOutput.write(Data("listening on \(server.port)\n".utf8))

signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let signals = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
for source in signals {
    source.setEventHandler { server.beginGracefulShutdown() }
    source.resume()
}
Task {
    await server.waitUntilClosed()
    exit(0)
}
dispatchMain()
