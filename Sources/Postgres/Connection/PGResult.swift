import CLibPQ

/// Owns one libpq `PGresult`. A result is immutable once libpq hands it over, and libpq
/// documents results as safe to read from any thread, so it is shared without a lock.
final class PGResult: @unchecked Sendable {
    let pointer: OpaquePointer
    let rowCount: Int
    let columnNames: [String]
    let columnTypes: [PGDataType]
    /// The first column of each name (a result can repeat a name, e.g. two `id` columns of a join).
    let columnIndex: [String: Int]

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        rowCount = Int(PQntuples(pointer))
        let columns = Int(PQnfields(pointer))
        var names: [String] = []
        var types: [PGDataType] = []
        var index: [String: Int] = [:]
        for column in 0..<columns {
            let name = PQfname(pointer, Int32(column)).map { String(cString: $0) } ?? ""
            names.append(name)
            types.append(PGDataType(rawValue: PQftype(pointer, Int32(column))))
            if index[name] == nil { index[name] = column }
        }
        columnNames = names
        columnTypes = types
        columnIndex = index
    }

    deinit { PQclear(pointer) }

    /// The command tag (`INSERT 0 3`, `SELECT 2`, `COMMIT`).
    var commandTag: String { PQcmdStatus(pointer).map { String(cString: $0) } ?? "" }

    /// Rows affected by INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY; 0 otherwise.
    var affectedRows: Int { PQcmdTuples(pointer).flatMap { Int(String(cString: $0)) } ?? 0 }

    /// The cell's text, nil for SQL NULL.
    func text(row: Int, column: Int) -> String? {
        if PQgetisnull(pointer, Int32(row), Int32(column)) != 0 { return nil }
        guard let value = PQgetvalue(pointer, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(pointer, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
