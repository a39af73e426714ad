/// A failure of the PostgreSQL layer: what kind (`code`), the server's SQLSTATE when the
/// server answered with an error, and the names libpq reports (constraint, table, column).
///
/// `description` is generic on purpose: it names the code and SQLSTATE only, never the SQL
/// text, server messages or values, so an error that reaches a log line or a caller leaks
/// nothing. `debugDescription` (`String(reflecting: error)`) has the details for operators.
/// `outcome` says what the failure means to the platform (RPC status and seed error code).
public struct PGError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure. A struct of static constants so the set can grow.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// The code named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// No connection could be opened (server down, wrong address, authentication refused).
        public static let connectionFailed = Code(rawValue: "connectionFailed")
        /// The connection broke during a call (the server restarted or ended the backend).
        /// The statement's effect is unknown unless it ran inside a transaction, which then rolled back.
        public static let connectionClosed = Code(rawValue: "connectionClosed")
        /// The server answered with an error; `sqlState` says which.
        public static let queryFailed = Code(rawValue: "queryFailed")
        /// The caller's deadline passed: before the call, while waiting for a connection, or
        /// while the statement ran (the statement was then cancelled).
        public static let timeout = Code(rawValue: "timeout")
        /// The calling task was cancelled; a running statement was cancelled on the server.
        public static let cancelled = Code(rawValue: "cancelled")
        /// Every connection stayed busy for the pool's checkout timeout (no caller deadline).
        public static let poolExhausted = Code(rawValue: "poolExhausted")
        /// The pool was closed.
        public static let poolClosed = Code(rawValue: "poolClosed")
        /// A column could not be read as the requested Swift type, or does not exist.
        public static let decodingFailed = Code(rawValue: "decodingFailed")
        /// A parameter cannot be sent (a NUL byte in a string, a NaN decimal).
        public static let invalidParameter = Code(rawValue: "invalidParameter")
        /// COMMIT rolled back instead: a statement of the transaction had failed and the
        /// closure went on (the first failure is in `debugDescription`).
        public static let transactionRolledBack = Code(rawValue: "transactionRolledBack")
        /// A transaction was used after its `withTransaction` closure returned.
        public static let transactionClosed = Code(rawValue: "transactionClosed")

        /// The name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE (`23505`) when the server reported one.
    public var sqlState: String?
    /// The server's or libpq's message: for logs, never for callers.
    public var message: String?
    /// The server's detail line (it can quote values: for logs only).
    public var detail: String?
    /// The server's hint.
    public var hint: String?
    /// The schema of the object involved.
    public var schema: String?
    /// The table involved.
    public var table: String?
    /// The column involved (not-null violations, decoding failures).
    public var column: String?
    /// The constraint violated.
    public var constraint: String?
    /// The SQL text with `$n` placeholders (never parameter values), when a statement failed.
    public var query: String?

    /// An error of kind `code`.
    public init(
        _ code: Code, sqlState: String? = nil, message: String? = nil, detail: String? = nil,
        hint: String? = nil, schema: String? = nil, table: String? = nil, column: String? = nil,
        constraint: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
        self.query = query
    }

    /// Whether trying again may succeed: a lost or refused connection, a serialization
    /// failure or a deadlock, or an exhausted pool.
    public var isRetryable: Bool {
        switch code {
        case .connectionFailed, .connectionClosed, .poolExhausted: true
        case .queryFailed, .transactionRolledBack: sqlState.map(Self.isTransactionConflict) ?? false
        default: false
        }
    }

    /// Serialization failure (40001) or deadlock (40P01): the transaction lost a race and
    /// can run again.
    static func isTransactionConflict(_ sqlState: String) -> Bool {
        sqlState == "40001" || sqlState == "40P01"
    }

    /// Generic: the code and SQLSTATE, nothing a user could be harmed by reading.
    public var description: String {
        if let sqlState { return "PGError(\(code), SQLSTATE \(sqlState))" }
        return "PGError(\(code))"
    }

    /// Everything known, for operators' logs: message, detail, hint, names and SQL text.
    public var debugDescription: String {
        var parts = [description]
        let fields: [(String, String?)] = [
            ("message", message), ("detail", detail), ("hint", hint), ("schema", schema),
            ("table", table), ("column", column), ("constraint", constraint), ("query", query),
        ]
        for (name, value) in fields {
            if let value { parts.append("\(name): \(value)") }
        }
        return parts.joined(separator: "; ")
    }
}
