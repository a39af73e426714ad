import CommonAPI
import RPCCore

/// A failure a caller can act on, named by the seed's error code (003 §15.3: `VAL_*`,
/// `RES_*`, `BIZ_*`). It travels as an RPC status with `StatusDetails`, which the gateway
/// turns into the seed's HTTP status and error body. One table here decides the RPC status
/// of every seed code, so services never choose one by hand.
public struct SeedError: Error, RPCErrorConvertible, Sendable, Hashable, CustomStringConvertible {
    /// One invalid field (003 §1.5 `ValidationError`).
    public struct Violation: Sendable, Hashable {
        public var field: String
        public var code: String
        public var message: String
        public init(field: String, code: String, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }
    }

    public var code: String
    public var message: String
    public var field: String?
    public var violations: [Violation]
    public var details: [String: String]
    /// The RPC status when the table's choice for `code` is not the right one (a database
    /// error's outcome names its own: UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED).
    public var status: RPCError.Code?

    public init(_ code: String, _ message: String, field: String? = nil, violations: [Violation] = [],
                details: [String: String] = [:], status: RPCError.Code? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.violations = violations
        self.details = details
        self.status = status
    }

    /// Several invalid fields at once: `VAL_MULTIPLE_ERRORS` unless there is only one.
    public static func validation(_ violations: [Violation]) -> SeedError {
        if violations.count == 1, let only = violations.first {
            return SeedError(only.code, only.message, field: only.field, violations: violations)
        }
        return SeedError("VAL_MULTIPLE_ERRORS", "\(violations.count) fields are invalid", violations: violations)
    }

    public static func notFound(_ what: String) -> SeedError {
        SeedError("RES_NOT_FOUND", "\(what) not found")
    }

    /// The RPC status for a seed code (the gateway maps status + code to HTTP, gateway/README.md).
    public static func status(for code: String) -> RPCError.Code {
        switch code {
        case "VAL_DUPLICATE", "RES_ALREADY_EXISTS": .alreadyExists
        case "VAL_REFERENCE_INVALID": .failedPrecondition
        case "RES_NOT_FOUND", "RES_DELETED": .notFound
        case "RES_LOCKED", "RES_ARCHIVED": .failedPrecondition
        case "BIZ_QUOTA_EXCEEDED": .resourceExhausted
        case _ where code.hasPrefix("VAL_"): .invalidArgument
        case _ where code.hasPrefix("BIZ_"): .failedPrecondition
        case "AUTH_TENANT_REQUIRED": .failedPrecondition
        case _ where code.hasPrefix("AUTH_"): .unauthenticated
        case _ where code.hasPrefix("AUTHZ_"): .permissionDenied
        default: .internalError
        }
    }

    public var rpcError: RPCError {
        var violations = self.violations.map { FieldViolation(field: $0.field, message: $0.message, code: $0.code) }
        if violations.isEmpty, let field { violations = [FieldViolation(field: field, message: message, code: code)] }
        let status = StatusDetails(code: code, message: message, violations: violations, metadata: details)
        return RPCError(self.status ?? Self.status(for: code), message, details: status.encoded())
    }

    public var description: String { "\(code): \(message)" }
}
