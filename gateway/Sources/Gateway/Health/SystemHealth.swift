import GatewayHTTP
import ProtoJSON
import RPCCore
import RuntimeAPI

/// 003 §13.8 system health, for administrators: every upstream's health check with its
/// latency, their database pools added up, their job queues. The platform runs no Redis and
/// keeps no files of its own (exports live in PostgreSQL), so those blocks say so with zeros.
extension HealthEndpoints {
    static let systemHealthPath = "/api/v1/admin/health"
    static let systemHealthScopes = ["admin:settings"]

    func systemHealth(meta: Envelope.Meta) async -> HTTPResponse {
        let checks = await checkUpstreams()
        let up = checks.filter(\.serving).count
        let status = up == checks.count ? "healthy" : up == 0 ? "unhealthy" : "degraded"
        var active: UInt32 = 0, idle: UInt32 = 0, max: UInt32 = 0
        var queues: [JSONValue] = []
        for check in checks {
            guard let figures = check.figures else { continue }
            active += figures.database?.active ?? 0
            idle += figures.database?.idle ?? 0
            max += figures.database?.max ?? 0
            for queue in figures.queues {
                queues.append(.object([.init("name", .string("\(check.name).\(queue.name)")), .init("waiting", .integer(queue.waiting)),
                                       .init("active", .integer(queue.active)), .init("completed", .integer(queue.completed)),
                                       .init("failed", .integer(queue.failed)), .init("delayed", .integer(queue.delayed))]))
            }
        }
        let services: [JSONValue] = checks.map { check in
            var fields: [JSONValue.Member] = [
                .init("name", .string(check.name)), .init("status", .string(check.serving ? "up" : check.status == "not_serving" ? "degraded" : "down")),
                .init("latency", .number(Envelope.milliseconds(check.latencyNanoseconds))), .init("lastCheck", .string(check.checkedAt)),
            ]
            if !check.serving { fields.append(.init("error", .string(check.status == "unreachable" ? "did not answer its health check" : "not serving"))) }
            return .object(fields)
        }
        let anyDatabase = checks.contains { $0.figures?.database != nil }
        let data: JSONValue = .object([
            .init("status", .string(status)),
            .init("services", .array(services)),
            .init("database", .object([
                .init("status", .string(anyDatabase ? (up == checks.count ? "up" : "degraded") : "unknown")),
                .init("connections", .object([.init("active", .integer(active)), .init("idle", .integer(idle)), .init("max", .integer(max))])),
            ])),
            .init("redis", .object([.init("status", .string("not_used")), .init("memory", .object([
                .init("used", .integer(0)), .init("peak", .integer(0)), .init("maxConfigured", .integer(0))]))])),
            .init("queues", .array(queues)),
            .init("storage", .object([.init("used", .integer(0)), .init("available", .integer(0)), .init("percentage", .integer(0))])),
            .init("uptime", uptime),
            .init("version", .string(version)),
        ])
        return Envelope.success(status: 200, data: data, meta: meta)
    }
}
