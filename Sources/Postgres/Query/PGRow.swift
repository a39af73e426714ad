/// One row of a result. Columns are read by name or position into any `PGDecodable` type;
/// a mismatch throws a `PGError` (`.decodingFailed`) naming the column, its SQL type and
/// the Swift type, never the value.
public struct PGRow: Sendable {
    let result: PGResult
    /// The row's position in its result.
    public let index: Int

    /// The column names, in order.
    public var columnNames: [String] { result.columnNames }

    /// The column named `column` (exactly, case-sensitive) as `type`.
    public func decode<Value: PGDecodable>(_ type: Value.Type = Value.self, column: String) throws -> Value {
        guard let position = result.columnIndex[column] else {
            throw PGError(
                .decodingFailed, message: "no column \"\(column)\" in the result (columns: \(result.columnNames.joined(separator: ", ")))",
                column: column)
        }
        return try decode(type, column: position)
    }

    /// The column at `column` (from 0) as `type`.
    public func decode<Value: PGDecodable>(_ type: Value.Type = Value.self, column: Int) throws -> Value {
        guard column >= 0, column < result.columnNames.count else {
            throw PGError(.decodingFailed, message: "no column at position \(column); the result has \(result.columnNames.count)")
        }
        let name = result.columnNames[column]
        let sqlType = result.columnTypes[column]
        guard let text = result.text(row: index, column: column) else {
            if let null = Value.valueForNull { return null }
            throw PGError(.decodingFailed, message: "column \"\(name)\" (\(sqlType)) is NULL; decode \(Value.self)? to allow NULL", column: name)
        }
        do {
            return try Value(pgText: text, type: sqlType)
        } catch let failure as PGDecodingFailure {
            throw PGError(.decodingFailed, message: "column \"\(name)\" (\(sqlType)) cannot be decoded as \(Value.self): \(failure.reason)", column: name)
        } catch let error as PGError {
            throw error
        } catch {
            throw PGError(.decodingFailed, message: "column \"\(name)\" (\(sqlType)) cannot be decoded as \(Value.self): \(error)", column: name)
        }
    }

    /// Whether the column named `column` is SQL NULL (false when there is no such column).
    public func isNull(column: String) -> Bool {
        guard let position = result.columnIndex[column] else { return false }
        return result.text(row: index, column: position) == nil
    }
}
