import Foundation
import RPCCore

/// Structured JSON logs, one object per line (DESIGN D9). Each line carries the component,
/// and — when logged while serving a call — that call's request id and traceparent, so a
/// request can be followed across services.
///
/// ```swift
/// let log = Logger(component: "catalog")
/// log.info("reservation expired", ["reservationId": id.uuidString])
/// ```
public struct Logger: Sendable {
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error
        private var rank: Int { [.debug: 0, .info: 1, .warning: 2, .error: 3][self]! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public let component: String
    public let minimumLevel: Level
    private let sink: @Sendable (String) -> Void

    /// Logs to standard error by default; `sink` receives whole lines (tests capture them).
    public init(component: String, minimumLevel: Level = .info,
                sink: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.component = component
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [String: String] = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        var entries: [(String, String)] = [
            ("ts", Self.timestamp()), ("level", level.rawValue), ("component", component), ("msg", message),
        ]
        if let call = CallContext.current {
            if let id = call.metadata.requestID { entries.append(("requestId", id)) }
            if let trace = call.metadata.traceparent { entries.append(("traceparent", trace)) }
            if let tenant = call.metadata.tenant { entries.append(("tenant", tenant)) }
            entries.append(("method", call.method.path))
        }
        for key in fields.keys.sorted() { entries.append((key, fields[key]!)) }
        sink("{" + entries.map { "\(Self.quote($0.0)):\(Self.quote($0.1))" }.joined(separator: ",") + "}\n")
    }

    /// Writes a line with one write(2), so lines from many threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
