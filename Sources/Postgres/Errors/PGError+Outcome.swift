import RPCCore

extension PGError {
    /// What a database failure means to the platform: the RPC status a handler answers with,
    /// the seed error code (003 §15.3) and the request field at fault when known. The layer
    /// that builds `StatusDetails` turns it into the reply; the gateway maps the status to
    /// HTTP (ALREADY_EXISTS is 409).
    public struct Outcome: Sendable, Hashable {
        /// The RPC status.
        public var code: RPCError.Code
        /// The seed error code (`VAL_DUPLICATE`, `SYS_DATABASE_ERROR`, …).
        public var seedCode: String
        /// The column at fault (a not-null column, the key of a unique or foreign key), if known.
        public var field: String?
        /// A message safe to show a caller: generic, no SQL, no values.
        public var message: String

        /// An outcome with all its parts.
        public init(code: RPCError.Code, seedCode: String, field: String? = nil, message: String) {
            self.code = code
            self.seedCode = seedCode
            self.field = field
            self.message = message
        }
    }

    /// This error's outcome: from the SQLSTATE when the server answered, else from the code.
    public var outcome: Outcome {
        switch code {
        case .queryFailed, .transactionRolledBack:
            guard let sqlState else { return Self.internalError }
            return Self.outcome(sqlState: sqlState, column: column ?? keyColumn)
        case .connectionFailed, .connectionClosed, .poolExhausted, .poolClosed: return Self.unavailable
        case .timeout: return Self.deadlineExceeded
        case .cancelled: return Outcome(code: .cancelled, seedCode: "SYS_INTERNAL_ERROR", message: "call cancelled")
        default: return Self.internalError
        }
    }

    /// The one mapping from SQLSTATE to the platform's outcome. `column` is the field
    /// reported for constraint violations.
    public static func outcome(sqlState: String, column: String? = nil) -> Outcome {
        switch sqlState {
        case "23505":
            Outcome(code: .alreadyExists, seedCode: "VAL_DUPLICATE", field: column, message: "duplicate value not allowed")
        case "23503":
            Outcome(code: .failedPrecondition, seedCode: "VAL_REFERENCE_INVALID", field: column, message: "referenced entity does not exist")
        case "23514":
            Outcome(code: .invalidArgument, seedCode: "VAL_OUT_OF_RANGE", field: column, message: "value is out of allowed range")
        case "23502":
            Outcome(code: .invalidArgument, seedCode: "VAL_REQUIRED_FIELD", field: column, message: "required field is missing")
        case "57014":
            deadlineExceeded
        case "40001", "40P01":
            Outcome(code: .aborted, seedCode: "SYS_DATABASE_ERROR", message: "conflicting concurrent update, retry")
        case "57P01", "57P02", "57P03":
            unavailable
        case _ where sqlState.hasPrefix("08"):
            unavailable
        default:
            internalError
        }
    }

    private static let unavailable = Outcome(code: .unavailable, seedCode: "SYS_DATABASE_ERROR", message: "database unavailable, retry later")
    private static let deadlineExceeded = Outcome(code: .deadlineExceeded, seedCode: "SYS_DATABASE_ERROR", message: "deadline exceeded")
    private static let internalError = Outcome(code: .internalError, seedCode: "SYS_INTERNAL_ERROR", message: "internal error")

    /// The column of a unique or foreign key violation, from the server's detail line
    /// `Key (email)=(…) already exists.`; `tenant_id` is left out of composite keys since
    /// every tenant-owned key starts with it (D5). Nil when the key names several other
    /// columns, or when the server's messages are not in English (lc_messages).
    var keyColumn: String? {
        guard sqlState == "23505" || sqlState == "23503", let detail,
              detail.hasPrefix("Key ("), let close = detail.range(of: ")=")
        else { return nil }
        let list = detail[detail.index(detail.startIndex, offsetBy: 5)..<close.lowerBound]
        let columns = list.split(separator: ",").map { String($0.drop { $0 == " " }) }.filter { $0 != "tenant_id" }
        return columns.count == 1 ? columns[0] : nil
    }
}

extension PGError: RPCErrorConvertible {
    /// The outcome's status with its generic message.
    public var rpcError: RPCError { RPCError(outcome.code, outcome.message) }
}
