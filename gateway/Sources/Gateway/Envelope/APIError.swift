import ProtoJSON

/// A failure as the client sees it (003 §15.1): HTTP status, the seed's code, a message safe
/// to show, and optionally the field, details and per-field validation errors (§1.5).
public struct APIError: Error, Sendable {
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

    public var status: Int
    public var code: String
    public var message: String
    public var field: String?
    public var details: [JSONValue.Member]
    public var violations: [Violation]
    /// Extra response fields (`Allow`, `WWW-Authenticate`, `Retry-After`).
    public var headers: [(name: String, value: String)]

    public init(_ status: Int, _ code: String, _ message: String, field: String? = nil, details: [JSONValue.Member] = [],
                violations: [Violation] = [], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        self.violations = violations
        self.headers = headers
    }

    /// Invalid request members, one error or `VAL_MULTIPLE_ERRORS` (003 §15.4).
    static func validation(_ violations: [Violation]) -> APIError {
        if violations.count == 1 {
            let only = violations[0]
            return APIError(ErrorMapping.httpStatus(code: only.code, rpc: nil), only.code, only.message, field: only.field.isEmpty ? nil : only.field,
                            violations: violations)
        }
        let status = violations.map { ErrorMapping.httpStatus(code: $0.code, rpc: nil) }.min() ?? 400
        return APIError(status, "VAL_MULTIPLE_ERRORS", "Validation failed with \(violations.count) errors", violations: violations)
    }

    static func validation(_ error: TranscodingError) -> APIError {
        validation(error.violations.map { Violation(field: $0.field, code: $0.code.rawValue, message: $0.message) })
    }

    static func notFound(_ message: String = "Resource not found") -> APIError {
        APIError(404, "RES_NOT_FOUND", message)
    }
}
