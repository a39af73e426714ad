import CLibPQ
import Foundation

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

/// Runs `body` with `strings` as a NULL-terminated array of C strings, freed afterwards.
func withCStringArray<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws -> Result) rethrows -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return try body(copies.map { UnsafePointer($0) } + [nil])
}

/// Parameter values laid out as PQexecPrepared wants them: one pointer, length and format
/// per parameter. Text values are NUL-terminated (libpq reads them with strlen); binary
/// values are sent with their length.
struct ParameterBuffers: ~Copyable {
    private var pointers: [UnsafeMutablePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []

    init(_ values: [PGParameterValue]) {
        for value in values {
            switch value {
            case .null:
                pointers.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                pointers.append(strdup(text))
                lengths.append(Int32(clamping: text.utf8.count))
                formats.append(0)
            case .binary(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count) }
                }
                pointers.append(buffer)
                lengths.append(Int32(clamping: bytes.count))
                formats.append(1)
            }
        }
    }

    deinit {
        for (pointer, format) in zip(pointers, formats) {
            guard let pointer else { continue }
            if format == 0 { free(pointer) } else { pointer.deallocate() }
        }
    }

    var values: [UnsafePointer<CChar>?] { pointers.map { UnsafePointer($0) } }
}
