// The grpc-swift-2 peer that deploy/bench/rpc-bench.sh measures our RPC stack against.
//
//   grpc-peer server --port P --cert C --key K --ca CA
//   grpc-peer load   --port P --concurrency N --duration S --payload BYTES --cert C --key K --ca CA
//
// Both sides use mutual TLS with the development certificates from DevCertificates, and one
// unary method, /cerniq.bench.v1.Echo/Echo, whose messages are raw bytes: no protobuf codegen,
// so the comparison measures the transport and runtime, not a message library.
import Dispatch
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import NIOSSL
import NIOTLS

// MARK: - Messages as raw bytes

/// Passes a message's bytes through unchanged, in both directions.
struct RawBytesCoder: MessageSerializer, MessageDeserializer {
    typealias Message = [UInt8]

    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

let echoMethod = MethodDescriptor(fullyQualifiedService: "cerniq.bench.v1.Echo", method: "Echo", type: .unary)

/// The Echo service: returns the request's bytes.
struct EchoService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: echoMethod,
            deserializer: RawBytesCoder(),
            serializer: RawBytesCoder()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: single.message))
        }
    }
}

// MARK: - Command line

/// `--name value` pairs after the mode word; fails with a usage line on anything else.
struct Options {
    let mode: String
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        guard let mode = arguments.first, mode == "server" || mode == "load" else { Options.usage() }
        self.mode = mode
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { Options.usage() }
            values[String(name.dropFirst(2))] = value
        }
    }

    func string(_ name: String) -> String {
        guard let value = values[name] else { Options.fail("missing --\(name)") }
        return value
    }

    func int(_ name: String, default fallback: Int? = nil) -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            Options.fail("missing --\(name)")
        }
        guard let value = Int(text), value >= 0 else { Options.fail("--\(name) must be a number") }
        return value
    }

    /// A duration in seconds: `10`, `10s`, `1.5s` or `500ms`.
    func seconds(_ name: String) -> Double {
        let text = string(name)
        let parsed: Double? =
            text.hasSuffix("ms") ? Double(text.dropLast(2)).map { $0 / 1000 }
            : text.hasSuffix("s") ? Double(text.dropLast()) : Double(text)
        guard let parsed, parsed > 0 else { Options.fail("--\(name) must be a duration like 10s") }
        return parsed
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("grpc-peer: \(message)\n".utf8))
        exit(2)
    }

    static func usage() -> Never {
        fail("""
            usage:
              grpc-peer server --port P --cert C --key K --ca CA
              grpc-peer load --port P --concurrency N --duration S --payload BYTES --cert C --key K --ca CA
            """)
    }
}

// MARK: - Server

func runServer(_ options: Options) async throws {
    let cert = options.string("cert"), key = options.string("key"), ca = options.string("ca")
    // Mutual TLS: the client must present a certificate from our CA. The transport fixes the
    // minimum at TLS 1.2 with no setting to raise it, so RequireTLS13 closes older sessions.
    let security = HTTP2ServerTransport.Posix.TransportSecurity.mTLS(
        certificateChain: [.file(path: cert, format: .pem)],
        privateKey: .file(path: key, format: .pem)
    ) { tls in
        tls.trustRoots = .certificates([.file(path: ca, format: .pem)])
        tls.clientCertificateVerification = .noHostnameVerification
    }
    let config = HTTP2ServerTransport.Posix.Config.defaults { config in
        // Runs on each accepted connection after the transport has added TLS and HTTP/2.
        config.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                let tls = try pipeline.handler(type: NIOSSLServerHandler.self)
                try pipeline.addHandler(RequireTLS13(), position: .after(tls))
            }
        }
    }
    let server = GRPCServer(
        transport: .http2NIOPosix(
            address: .ipv4(host: "127.0.0.1", port: options.int("port")),
            transportSecurity: security,
            config: config
        ),
        services: [EchoService()]
    )

    // SIGTERM drains in-flight calls and exits 0, so the benchmark reads a clean shutdown.
    signal(SIGTERM, SIG_IGN)
    let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    terminate.setEventHandler { server.beginGracefulShutdown() }
    terminate.resume()

    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await server.serve() }
        if let address = try await server.listeningAddress?.ipv4 {
            // Unbuffered, so a script waiting for this line sees it while the server runs.
            FileHandle.standardOutput.write(Data("grpc-peer listening on \(address.host):\(address.port)\n".utf8))
        }
    }
    terminate.cancel()
}

/// Closes a connection whose TLS handshake settled below TLS 1.3, as our own server refuses
/// anything older (DESIGN D3), so both stacks run the same protocol version.
final class RequireTLS13: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            let channel = context.channel
            channel.nioSSL_tlsVersion().whenSuccess { version in
                if version != .tlsv13 { channel.close(promise: nil) }
            }
        }
        context.fireUserInboundEventTriggered(event)
    }
}

// MARK: - Load

/// The latency samples of one caller, in nanoseconds, and the status of every call.
struct CallerResult: Sendable {
    var latencies: [UInt64] = []
    var statuses: [String: Int] = [:]
}

func runLoad(_ options: Options) async throws {
    let cert = options.string("cert"), key = options.string("key"), ca = options.string("ca")
    let port = options.int("port")
    let concurrency = max(1, options.int("concurrency", default: 1))
    let duration = options.seconds("duration")
    let payload = [UInt8](repeating: 0x61, count: options.int("payload", default: 64))

    let security = HTTP2ClientTransport.Posix.TransportSecurity.mTLS(
        certificateChain: [.file(path: cert, format: .pem)],
        privateKey: .file(path: key, format: .pem)
    ) { tls in
        tls.trustRoots = .certificates([.file(path: ca, format: .pem)])
        // The server's certificate names IP:127.0.0.1, so full verification holds on loopback.
        tls.serverCertificateVerification = .fullVerification
    }
    // One target resolves to one subchannel under the default pick-first policy: every caller
    // multiplexes its calls over one HTTP/2 connection, as our load tool does over one socket.
    let transport = try HTTP2ClientTransport.Posix(
        target: .ipv4(address: "127.0.0.1", port: port),
        transportSecurity: security
    )

    let result: (CallerResult, Double) = try await withGRPCClient(transport: transport) { client in
        @Sendable func call() async throws -> [UInt8] {
            try await client.unary(
                request: ClientRequest(message: payload),
                descriptor: echoMethod,
                serializer: RawBytesCoder(),
                deserializer: RawBytesCoder(),
                options: .defaults
            ) { try $0.message }
        }
        // One call before the clock starts: the TLS handshake and HTTP/2 setup are not a call.
        _ = try await call()

        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(duration * 1e9)
        // A closed loop: each caller sends its next call when the previous one returns.
        let merged = await withTaskGroup(of: CallerResult.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine = CallerResult()
                    mine.latencies.reserveCapacity(1 << 16)
                    while DispatchTime.now().uptimeNanoseconds < end {
                        let before = DispatchTime.now().uptimeNanoseconds
                        let status: String
                        do {
                            let reply = try await call()
                            status = reply.count == payload.count ? "OK" : "DATA_LOSS"
                        } catch let error as RPCError {
                            status = statusName(error.code.rawValue)
                        } catch {
                            status = "UNKNOWN"
                        }
                        mine.latencies.append(DispatchTime.now().uptimeNanoseconds - before)
                        mine.statuses[status, default: 0] += 1
                    }
                    return mine
                }
            }
            var all = CallerResult()
            for await one in group {
                all.latencies.append(contentsOf: one.latencies)
                all.statuses.merge(one.statuses, uniquingKeysWith: +)
            }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (merged, elapsed)
    }
    print(report(result.0, elapsed: result.1, concurrency: concurrency, payload: payload.count))
}

/// The canonical gRPC name of a status code, as our load tool spells it (`DEADLINE_EXCEEDED`).
func statusName(_ code: Int) -> String {
    let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]
    return names.indices.contains(code) ? names[code] : "CODE_\(code)"
}

/// One JSON line with the same field names as `cerniq load --json`, so one jq program reads both.
func report(_ result: CallerResult, elapsed: Double, concurrency: Int, payload: Int) -> String {
    let sorted = result.latencies.sorted()
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        // Nearest rank: the smallest sample with at least p of all samples at or below it.
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1]) / 1e6
    }
    let ok = result.statuses["OK"] ?? 0
    let object: [String: Any] = [
        "stack": "grpc-swift-2",
        "calls": sorted.count,
        "concurrency": concurrency,
        "payloadBytes": payload,
        "durationSeconds": elapsed,
        "requestsPerSecond": Double(ok) / elapsed,
        "latency": [
            "p50Ms": percentile(0.50), "p90Ms": percentile(0.90), "p99Ms": percentile(0.99),
            "p999Ms": percentile(0.999), "maxMs": Double(sorted.last ?? 0) / 1e6,
        ],
        "statuses": result.statuses,
    ]
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

// MARK: - Entry

let options = Options(Array(CommandLine.arguments.dropFirst()))
do {
    switch options.mode {
    case "server": try await runServer(options)
    default: try await runLoad(options)
    }
} catch {
    Options.fail("\(error)")
}
