// hummingbird-peer: serves `GET /health/ping` with Hummingbird 2, the framework peer of the
// gateway in deploy/bench/gateway-bench.sh.
//
//   hummingbird-peer [PORT]
//
// Environment:
//   PORT            listening port on 127.0.0.1 when no argument is given (default 8080)
//   PING_BODY_FILE  file whose exact bytes are the response body (wins over PING_BODY)
//   PING_BODY       the response body (default {"success":true,"data":{"status":"ok"}})
//   HB_EXECUTOR     "nio" (default): one NIO event loop that is also Swift Concurrency's global
//                   executor, so request handling never leaves the loop's thread;
//                   "pool": one NIO event loop for I/O, handlers on Swift's default cooperative pool.
//
// The response is `200 OK`, `Content-Type: application/json; charset=utf-8`, and the body bytes,
// built once: the benchmark measures the framework, not the handler.
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

let environment = ProcessInfo.processInfo.environment
let executorMode = environment["HB_EXECUTOR"] ?? "nio"

// Must run first, on the main thread, before any task is enqueued on the global executor.
NIOSingletons.groupLoopCountSuggestion = 1
let group: MultiThreadedEventLoopGroup
switch executorMode {
case "nio":
    guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
        FileHandle.standardError.write(Data("hummingbird-peer: could not install the NIO executor\n".utf8))
        exit(1)
    }
    group = MultiThreadedEventLoopGroup.singleton
case "pool":
    group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
default:
    FileHandle.standardError.write(Data("hummingbird-peer: HB_EXECUTOR must be nio or pool\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments.dropFirst()
guard let port = Int(arguments.first ?? environment["PORT"] ?? "8080"), (1...65535).contains(port) else {
    FileHandle.standardError.write(Data("usage: hummingbird-peer [PORT]  (or PORT=...)\n".utf8))
    exit(2)
}

let bodyBytes: [UInt8]
if let path = environment["PING_BODY_FILE"], !path.isEmpty {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("hummingbird-peer: cannot read PING_BODY_FILE \(path)\n".utf8))
        exit(1)
    }
    bodyBytes = Array(data)
} else {
    bodyBytes = Array((environment["PING_BODY"] ?? #"{"success":true,"data":{"status":"ok"}}"#).utf8)
}
let body = ByteBuffer(bytes: bodyBytes)
let headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]

let router = Router()
router.get("/health/ping") { _, _ in
    Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
}

var logger = Logger(label: "hummingbird-peer")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
    eventLoopGroupProvider: .shared(group),
    logger: logger
)
try await app.runService()
