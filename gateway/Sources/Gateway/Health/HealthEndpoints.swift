import Dispatch
import GatewayHTTP
import ProtoJSON
import RPCCore
import RuntimeAPI
import Synchronization

/// The health routes of 002: `/health/ping` and `/health/live` answer from the process
/// itself (on the event loop, no task); `/health/ready` asks every upstream's Health RPC;
/// `/health` adds the version, uptime and each upstream's latency.
final class HealthEndpoints: Sendable {
    let upstreams: [Upstream]
    let version: String
    let startedAt = Deadline.now()
    /// Set when the gateway drains: readiness fails so a balancer stops sending.
    let draining = Atomic<Bool>(false)
    private static let pingBody = Array(#"{"success":true,"data":{"status":"ok"}}"#.utf8)

    init(upstreams: [Upstream], version: String) {
        self.upstreams = upstreams
        self.version = version
    }

    func serves(_ path: Substring) -> Bool {
        path == "/health" || path == "/health/ping" || path == "/health/live" || path == "/health/ready"
    }

    func immediate(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard head.method == "GET" || head.method == "HEAD" else { return nil }
        switch head.path {
        case "/health/ping":
            return HTTPResponse(status: 200, headers: [Envelope.contentType, (name: "X-Request-Id", value: RequestID.of(head.headers))], body: Self.pingBody)
        case "/health/live":
            let meta = Envelope.Meta(requestID: RequestID.of(head.headers), startedAt: Deadline.now())
            return Envelope.success(status: 200, data: .object([.init("status", .string("ok")), .init("uptime", uptime)]), meta: meta)
        default:
            return nil
        }
    }

    func respond(_ head: HTTPRequestHead, meta: Envelope.Meta) async -> HTTPResponse? {
        guard serves(head.path) else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return Envelope.failure(APIError(405, "RES_NOT_FOUND", "\(head.method) is not allowed on \(head.path); allowed: GET",
                                             headers: [(name: "Allow", value: "GET, HEAD")]), meta: meta)
        }
        if let response = immediate(head) { return response }
        let checks = await checkUpstreams()
        let ready = !draining.load(ordering: .relaxed) && checks.allSatisfy { $0.serving }
        var data: [JSONValue.Member] = [.init("status", .string(ready ? "ok" : "unavailable"))]
        if head.path == "/health" {
            data += [.init("version", .string(version)), .init("uptime", uptime)]
        }
        data.append(.init("upstreams", .object(checks.map { check in
            var fields: [JSONValue.Member] = [.init("status", .string(check.status))]
            if head.path == "/health" { fields.append(.init("latencyMs", .number(Envelope.milliseconds(check.latencyNanoseconds)))) }
            return .init(check.name, .object(fields))
        })))
        if ready { return Envelope.success(status: 200, data: .object(data), meta: meta) }
        return Envelope.failure(APIError(503, "SYS_SERVICE_UNAVAILABLE", draining.load(ordering: .relaxed) ? "The gateway is draining" : "An upstream service is not ready",
                                         details: data, headers: [(name: "Retry-After", value: "1")]), meta: meta)
    }

    var uptime: JSONValue {
        .integer((Deadline.now() - startedAt) / 1_000_000_000)
    }

    struct Check: Sendable {
        var name: String
        var status: String
        var latencyNanoseconds: UInt64
        /// What the process reported about its pool and queues, when it answered.
        var figures: ProcessFigures?
        /// When the check ended, RFC 3339.
        var checkedAt: String
        var serving: Bool { status == "serving" }
    }

    /// Every upstream's Health RPC at once, each bounded by one second.
    func checkUpstreams() async -> [Check] {
        await withTaskGroup(of: (Int, Check).self) { group in
            for (index, upstream) in upstreams.enumerated() {
                group.addTask {
                    let start = Deadline.now()
                    let status: String
                    var figures: ProcessFigures?
                    do {
                        let reply = try await HealthClient(upstream.caller).check(HealthCheckRequest(), options: CallOptions(timeout: .seconds(1)))
                        status = reply.status == .serving ? "serving" : "not_serving"
                        figures = reply.figures
                    } catch {
                        status = "unreachable"
                    }
                    return (index, Check(name: upstream.name, status: status, latencyNanoseconds: Deadline.now() - start, figures: figures,
                                         checkedAt: Timestamps.now()))
                }
            }
            var results: [(Int, Check)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
