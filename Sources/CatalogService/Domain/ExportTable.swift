import Foundation

/// Rows to export (003 §3.8): named columns and one value per column per row, typed so
/// each format writes numbers as numbers and text as text.
public struct ExportTable: Hashable, Sendable {
    /// One cell.
    public enum Value: Hashable, Sendable {
        /// Text.
        case text(String)
        /// An exact number, written with its digits as they are.
        case number(Decimal)
        /// A whole number.
        case integer(Int64)
        /// true or false.
        case bool(Bool)
        /// No value (JSON null, an empty cell).
        case empty
    }

    /// The column names (product field JSON names), in order.
    public var columns: [String]
    /// The rows; each has one value per column.
    public var rows: [[Value]]

    /// A table; every row must have one value per column.
    public init(columns: [String], rows: [[Value]] = []) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "an export row must have one value per column")
        self.columns = columns
        self.rows = rows
    }

    /// Adds a row of one value per column.
    public mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "an export row must have one value per column")
        rows.append(row)
    }
}
