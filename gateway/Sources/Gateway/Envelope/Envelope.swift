import RPCCore
import Foundation
import GatewayHTTP
import ProtoJSON

/// The one response envelope of the API (003 §1.5, §15.1): `success`, `data`, `pagination`,
/// `error`, and `meta` with `requestId`, `timestamp` and `duration` in milliseconds.
enum Envelope {
    static let contentType = (name: "Content-Type", value: "application/json; charset=utf-8")

    struct Meta {
        var requestID: String
        /// Monotonic ns when the request's head was complete.
        var startedAt: UInt64
        /// The client's address (no port) and user agent, passed to services for the audit log.
        var clientAddress = ""
        var userAgent = ""

        var json: JSONValue {
            return .object([
                .init("requestId", .string(requestID)),
                .init("timestamp", .string(Timestamps.now())),
                .init("duration", .number(Envelope.milliseconds(Deadline.now() &- startedAt))),
            ])
        }
    }

    /// Nanoseconds as milliseconds with three decimals (`12.345`), without a formatter.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let micros = nanoseconds > 1 << 62 ? 0 : nanoseconds / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func success(status: Int, data: JSONValue?, pagination: JSONValue? = nil, meta: Meta) -> HTTPResponse {
        var members: [JSONValue.Member] = [.init("success", .bool(true))]
        if let data { members.append(.init("data", data)) }
        if let pagination { members.append(.init("pagination", pagination)) }
        members.append(.init("meta", meta.json))
        return HTTPResponse(status: status, headers: [contentType, (name: "X-Request-Id", value: meta.requestID)],
                            body: JSONWriter().write(.object(members)))
    }

    static func failure(_ error: APIError, meta: Meta) -> HTTPResponse {
        var body: [JSONValue.Member] = [.init("code", .string(error.code)), .init("message", .string(error.message))]
        var details = error.details
        if error.violations.count > 1 {
            // 003 §15.4 lists several errors under details.errors; §1.5 as validationErrors.
            details.append(.init("errors", violationList(error.violations)))
        }
        if !details.isEmpty { body.append(.init("details", .object(details))) }
        if let field = error.field { body.append(.init("field", .string(field))) }
        if !error.violations.isEmpty { body.append(.init("validationErrors", violationList(error.violations))) }
        body.append(.init("requestId", .string(meta.requestID)))
        let document: JSONValue = .object([.init("success", .bool(false)), .init("error", .object(body)), .init("meta", meta.json)])
        return HTTPResponse(status: error.status, headers: [contentType, (name: "X-Request-Id", value: meta.requestID)] + error.headers,
                            body: JSONWriter().write(document))
    }

    private static func violationList(_ violations: [APIError.Violation]) -> JSONValue {
        .array(violations.map { .object([.init("field", .string($0.field)), .init("code", .string($0.code)), .init("message", .string($0.message))]) })
    }
}

/// RFC 3339 UTC instants with milliseconds, the seeds' timestamp shape.
enum Timestamps {
    /// Seconds since 1970 now.
    static func nowSeconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int(spec.tv_sec)
    }

    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    static func format(seconds: Int, milliseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}
