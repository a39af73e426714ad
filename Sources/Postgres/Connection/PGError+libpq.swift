import CLibPQ

extension PGError {
    /// The error a failed result carries: SQLSTATE and the names the server reports
    /// (constraint, table, column), read with PQresultErrorField as they arrive. The field
    /// codes are postgres_ext.h's PG_DIAG_* character macros, which Swift does not import:
    /// C SQLSTATE, M message, D detail, H hint, s schema, t table, c column, n constraint.
    init(code: Code, result: OpaquePointer, query: String?) {
        func field(_ name: UInt8) -> String? {
            PQresultErrorField(result, Int32(name)).map { String(cString: $0) }
        }
        let message = field(UInt8(ascii: "M")) ?? PQresultErrorMessage(result).map { String(cString: $0) }
        self.init(
            code, sqlState: field(UInt8(ascii: "C")), message: message?.trimmingTrailingNewlines,
            detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")),
            schema: field(UInt8(ascii: "s")), table: field(UInt8(ascii: "t")),
            column: field(UInt8(ascii: "c")), constraint: field(UInt8(ascii: "n")), query: query)
    }

    /// An error with libpq's connection-level message (`PQerrorMessage`), for failures
    /// that produced no result.
    init(code: Code, connection: OpaquePointer?, query: String?) {
        let message = connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0) }
        self.init(code, message: message?.trimmingTrailingNewlines, query: query)
    }
}

extension String {
    /// libpq's messages end in a newline.
    var trimmingTrailingNewlines: String {
        var text = self[...]
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
