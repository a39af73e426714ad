/// The rows a statement returned, with its command tag and affected-row count.
///
/// ```swift
/// for row in try await pool.query("SELECT id, name FROM products WHERE tenant_id = \(tenant)") {
///     let id = try row.decode(UUID.self, column: "id")
///     let name = try row.decode(String.self, column: "name")
/// }
/// ```
public struct PGRows: Sendable, RandomAccessCollection {
    let result: PGResult

    init(_ result: PGResult) { self.result = result }

    /// Zero.
    public var startIndex: Int { 0 }
    /// The number of rows.
    public var endIndex: Int { result.rowCount }

    /// The row at `index`.
    public subscript(index: Int) -> PGRow {
        precondition(index >= 0 && index < result.rowCount, "row index out of range")
        return PGRow(result: result, index: index)
    }

    /// The result's column names, in order.
    public var columnNames: [String] { result.columnNames }

    /// The command tag: `INSERT 0 3`, `UPDATE 2`, `SELECT 5`, `CREATE TABLE`.
    public var commandTag: String { result.commandTag }

    /// How many rows an INSERT, UPDATE, DELETE or SELECT touched; 0 for other commands.
    public var affectedRows: Int { result.affectedRows }
}
