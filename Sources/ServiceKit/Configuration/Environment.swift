import Foundation

/// Reads configuration from environment variables (DESIGN D9): every value has a documented
/// default or is required, and a bad value fails fast naming the variable.
///
/// ```swift
/// let env = Environment()
/// let listen = try env.string("CERNIQ_LISTEN", default: "127.0.0.1:7101")
/// let pool = try env.int("CERNIQ_DB_POOL_SIZE", default: 8, range: 1...256)
/// let database = try env.required("DATABASE_URL")
/// ```
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The value, or nil when unset or empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw ConfigurationError(variable: name, problem: "is required but not set") }
        return value
    }

    public func string(_ name: String, default fallback: String) -> String {
        self[name] ?? fallback
    }

    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int> = Int.min...Int.max) throws(ConfigurationError) -> Int {
        guard let text = self[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    public func bool(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = self[name]?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "must be true or false, not \"\(text)\"")
        }
    }

    /// A duration written `250ms`, `10s`, `5m` or `1h`.
    public func duration(_ name: String, default fallback: Duration) throws(ConfigurationError) -> Duration {
        guard let text = self[name] else { return fallback }
        let units: [(String, Int64)] = [("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000)]
        for (suffix, nanos) in units where text.hasSuffix(suffix) {
            if let count = Int64(text.dropLast(suffix.count)), count >= 0 { return .nanoseconds(count * nanos) }
        }
        throw ConfigurationError(variable: name, problem: "must be a duration such as 250ms, 10s, 5m or 1h, not \"\(text)\"")
    }

    /// `host:port`.
    public func address(_ name: String, default fallback: String) throws(ConfigurationError) -> (host: String, port: Int) {
        let text = self[name] ?? fallback
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
              colon > text.startIndex else {
            throw ConfigurationError(variable: name, problem: "must be HOST:PORT, not \"\(text)\"")
        }
        return (String(text[..<colon]), port)
    }
}
