import Foundation
import GatewayHTTP
import GatewayServer
import Synchronization

/// A one-shot event an async test or responder can wait for.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state -> Bool in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// The responder the server tests run against. Paths:
/// - `/health/ping`: answered on the loop by `respondImmediately`.
/// - `/missing`: 404 from `route`, before any body is read.
/// - `/small`: body limit 8 bytes.
/// - `/echo`: answers with the request body (in a task).
/// - `/first` waits until `/second` has been answered, so they complete out of order.
/// - `/hold` opens `started` and waits for `release`.
/// - `/big`: a 64 KiB body (for the peer that never reads).
/// - anything else: `method target` in a task.
struct TestResponder: HTTPResponder {
    let secondAnswered = Gate()
    let started = Gate()
    let release = Gate()

    static let pong = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"ok"}"#.utf8))
    static let big = HTTPResponse(status: 200, body: [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024))

    func route(_ head: HTTPRequestHead, context: HTTPRequestContext) -> HTTPHeadDecision {
        switch head.path {
        case "/missing": .respond(HTTPResponse(status: 404, headers: [("Content-Type", "application/json")], body: Array(#"{"error":"not_found"}"#.utf8)))
        case "/small": .proceed(bodyLimit: 8)
        default: .proceed(bodyLimit: nil)
        }
    }

    func respondImmediately(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse? {
        switch request.head.path {
        case "/health/ping": Self.pong
        case "/big": Self.big
        case "/no-content": HTTPResponse(status: 204, body: Array("ignored".utf8))
        default: nil
        }
    }

    func respond(to request: HTTPRequest, context: HTTPRequestContext) async -> HTTPResponse {
        switch request.head.path {
        case "/echo", "/small":
            return HTTPResponse(status: 200, body: request.body)
        case "/first":
            await secondAnswered.wait()
            return HTTPResponse(status: 200, body: Array("first".utf8))
        case "/second":
            secondAnswered.open()
            return HTTPResponse(status: 200, body: Array("second".utf8))
        case "/hold":
            started.open()
            await release.wait()
            return HTTPResponse(status: 200, body: Array("held".utf8))
        default:
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("\(request.method) \(request.target)".utf8))
        }
    }

    func failureResponse(_ failure: HTTPServerFailure) -> HTTPResponse {
        let code: String
        switch failure {
        case .malformed(let error): code = error.code.rawValue
        case .headerTimeout: code = "header_timeout"
        case .bodyTimeout: code = "body_timeout"
        case .overloaded: code = "overloaded"
        }
        return HTTPResponse(status: failure.status, headers: [("Content-Type", "application/json")],
                            body: Array(#"{"error":{"code":"\#(code)"}}"#.utf8))
    }
}

/// Runs `body` against a server on a free port and closes the server afterwards, on failure too.
func withHTTPServer<Result: Sendable>(
    responder: TestResponder = TestResponder(),
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, TestResponder) async throws -> Result
) async throws -> Result {
    var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    let server = try HTTPServer(configuration: configuration, responder: responder)
    do {
        let result = try await body(server, responder)
        await server.close()
        return result
    } catch {
        await server.close()
        throw error
    }
}
