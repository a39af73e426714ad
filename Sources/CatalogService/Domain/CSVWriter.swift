import Foundation

/// Writes an `ExportTable` as RFC 4180 CSV: UTF-8 with a byte-order mark (so spreadsheet
/// programs read ă, ș, ț), a header record, CRLF line ends, and fields quoted when they
/// hold the delimiter, a quote, a line break, or leading or trailing spaces.
///
/// Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is
/// prefixed with `'` (OWASP "CSV injection"): a product named `=HYPERLINK(...)` must stay
/// text when an export is opened. Numbers are written as they are.
public enum CSVWriter {
    /// The media type of the output.
    public static let contentType = "text/csv; charset=utf-8"

    /// The file's bytes.
    public static func write(_ table: ExportTable, delimiter: Character = ",") -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        func record(_ fields: [String]) {
            out.append(contentsOf: fields.map { quoted($0, delimiter: delimiter) }.joined(separator: String(delimiter)).utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        record(table.columns.map(neutralized))
        for row in table.rows {
            record(row.map(text))
        }
        return out
    }

    private static func text(_ value: ExportTable.Value) -> String {
        switch value {
        case .text(let text): return neutralized(text)
        case .number(let number): return DecimalText.format(number)
        case .integer(let integer): return String(integer)
        case .bool(let bool): return bool ? "true" : "false"
        case .empty: return ""
        }
    }

    private static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    private static func quoted(_ field: String, delimiter: Character) -> String {
        let needsQuotes = field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r")
            || field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
