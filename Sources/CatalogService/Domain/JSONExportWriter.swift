import Foundation

/// Writes an `ExportTable` as a JSON array of objects keyed by column name (RFC 8259).
/// Exact numbers are written with their digits as they are, never through `Double`.
public enum JSONExportWriter {
    /// The media type of the output.
    public static let contentType = "application/json"

    /// The file's bytes: `[{"sku":"A-1","price":12.5},…]`, one object per line.
    public static func write(_ table: ExportTable) -> [UInt8] {
        var out = "["
        let keys = table.columns.map(quoted)
        for (index, row) in table.rows.enumerated() {
            out += index == 0 ? "\n{" : ",\n{"
            for (column, value) in row.enumerated() {
                if column > 0 { out += "," }
                out += keys[column] + ":" + json(value)
            }
            out += "}"
        }
        out += table.rows.isEmpty ? "]\n" : "\n]\n"
        return Array(out.utf8)
    }

    private static func json(_ value: ExportTable.Value) -> String {
        switch value {
        case .text(let text): return quoted(text)
        case .number(let number): return DecimalText.format(number)
        case .integer(let integer): return String(integer)
        case .bool(let bool): return bool ? "true" : "false"
        case .empty: return "null"
        }
    }

    /// A JSON string: quote, backslash and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            // U+2028 and U+2029 are valid JSON but end lines in JavaScript; escape them.
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
