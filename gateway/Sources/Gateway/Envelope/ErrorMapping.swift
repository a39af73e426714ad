import CommonAPI
import ProtoJSON
import RPCCore

/// The one table from an RPC outcome to the client's HTTP status and seed code
/// (gateway/README.md §Errors, pinned by ErrorMappingTests). A service names the seed code
/// in `StatusDetails`; the code decides the HTTP status, and the RPC status decides only when
/// there is no code (a transport failure). Messages without details are generic: a
/// transport's own text (addresses, internals) never reaches a client.
enum ErrorMapping {
    /// Request-syntax codes: the body or query could not be read as the message (400); every
    /// other VAL_* is a well-formed request that fails validation (422).
    static let syntaxCodes: Set<String> = ["VAL_MALFORMED_JSON", "VAL_INVALID_TYPE", "VAL_UNKNOWN_FIELD", "VAL_DUPLICATE_FIELD",
                                           "VAL_MALFORMED_MESSAGE", "VAL_UNKNOWN_TYPE"]

    /// The HTTP status for a seed code; `rpc` breaks ties for codes the table does not name.
    static func httpStatus(code: String, rpc: RPCError.Code?) -> Int {
        switch code {
        case _ where syntaxCodes.contains(code): 400
        case "VAL_DUPLICATE", "RES_ALREADY_EXISTS", "RES_LOCKED", "RES_ARCHIVED", "AUTHZ_RESOURCE_LOCKED": 409
        case "RES_NOT_FOUND", "RES_DELETED": 404
        case "BIZ_QUOTA_EXCEEDED", "AI_QUOTA_EXCEEDED", "RATE_LIMIT_EXCEEDED": 429
        case "AUTH_IP_BLOCKED": 403
        case _ where code.hasPrefix("VAL_"), _ where code.hasPrefix("BIZ_"): 422
        case _ where code.hasPrefix("AUTH_"): 401
        case _ where code.hasPrefix("AUTHZ_"): 403
        case "SYS_SERVICE_UNAVAILABLE", "SYS_DATABASE_ERROR", "SYS_MAINTENANCE", "SYS_QUEUE_ERROR": 503
        case "SYS_TIMEOUT", "AI_TIMEOUT": 504
        case _ where code.hasPrefix("INT_"), _ where code.hasPrefix("AI_"): 502
        default: rpc.map(fallbackStatus) ?? 500
        }
    }

    /// Status and code for an RPC status that came without a seed code.
    static func fallback(_ rpc: RPCError.Code) -> (code: String, message: String) {
        switch rpc {
        case .invalidArgument, .outOfRange: ("VAL_INVALID_FORMAT", "The request is invalid")
        case .notFound: ("RES_NOT_FOUND", "Resource not found")
        case .alreadyExists: ("RES_ALREADY_EXISTS", "Resource already exists")
        case .failedPrecondition, .aborted: ("RES_LOCKED", "The resource's state does not allow this now")
        case .permissionDenied: ("AUTHZ_PERMISSION_DENIED", "Insufficient permissions for this action")
        case .unauthenticated: ("AUTH_TOKEN_INVALID", "Invalid authentication token")
        case .resourceExhausted, .unavailable, .cancelled: ("SYS_SERVICE_UNAVAILABLE", "The service is temporarily unavailable; retry later")
        case .deadlineExceeded: ("SYS_TIMEOUT", "The service did not answer in time")
        default: ("SYS_INTERNAL_ERROR", "The service failed to answer")
        }
    }

    static func fallbackStatus(_ rpc: RPCError.Code) -> Int {
        switch rpc {
        case .invalidArgument, .outOfRange: 422
        case .notFound: 404
        case .alreadyExists, .failedPrecondition, .aborted: 409
        case .permissionDenied: 403
        case .unauthenticated: 401
        case .resourceExhausted, .unavailable, .cancelled: 503
        case .deadlineExceeded: 504
        default: 502
        }
    }

    /// A detail as the seed shows it: canonical numbers (`"maxAllowed": 25`) as JSON numbers.
    static func detailValue(_ text: String) -> JSONValue {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let canonical = !digits.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && (parts[0] == "0" || !parts[0].hasPrefix("0")) && digits.count <= 15
        return canonical ? .number(text) : .string(text)
    }

    /// The client's view of a failed call.
    static func apiError(_ error: RPCError) -> APIError {
        guard !error.details.isEmpty, let status = try? StatusDetails(decoding: error.details), !status.code.isEmpty else {
            let (code, message) = fallback(error.code)
            var result = APIError(httpStatus(code: code, rpc: error.code), code, message)
            if error.code == .resourceExhausted || error.code == .unavailable { result.headers.append((name: "Retry-After", value: "1")) }
            return result
        }
        let violations = status.violations.map { APIError.Violation(field: $0.field, code: $0.code.isEmpty ? status.code : $0.code, message: $0.message) }
        let field = violations.count == 1 ? violations[0].field : nil
        let details = status.metadata.sorted { $0.key < $1.key }.map { JSONValue.Member($0.key, detailValue($0.value)) }
        return APIError(httpStatus(code: status.code, rpc: error.code), status.code, status.message,
                        field: field.flatMap { $0.isEmpty ? nil : $0 }, details: details, violations: violations)
    }
}
