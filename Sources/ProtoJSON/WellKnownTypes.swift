import Foundation

/// The platform's value messages that JSON writes as plain values (the seeds' shapes):
/// `cerniq.common.v1.Decimal` is a JSON number with its digits copied verbatim (exact money,
/// never through a float), and `cerniq.common.v1.Timestamp` is an RFC 3339 string. Either
/// still accepts its object form (`{"value": "12.50"}`, `{"seconds": …}`) on input.
enum WellKnownTypes {
    static let decimal = "cerniq.common.v1.Decimal"
    static let timestamp = "cerniq.common.v1.Timestamp"

    enum Encoded {
        case bytes([UInt8])
        case invalid(TranscodingError.Code, String)
    }

    /// The message bytes for a plain JSON value of a well-known type; nil to use the object form.
    static func encode(_ typeName: String, _ value: JSONValue) -> Encoded? {
        switch (typeName, value) {
        case (decimal, .number(let text)), (decimal, .string(let text)):
            guard isDecimalText(text) else {
                return .invalid(.invalidFormat, "expected a decimal number such as 12.50, not \"\(text)\"")
            }
            var writer = WireWriter()
            writer.tag(1, .lengthDelimited)
            writer.lengthDelimited(Array(text.utf8))
            return .bytes(writer.bytes)
        case (timestamp, .string(let text)):
            guard let (seconds, nanos) = parseRFC3339(text) else {
                return .invalid(.invalidFormat, "expected an RFC 3339 timestamp such as 2026-01-18T10:30:00Z, not \"\(text)\"")
            }
            var writer = WireWriter()
            if seconds != 0 {
                writer.tag(1, .varint)
                writer.varint(UInt64(bitPattern: seconds))
            }
            if nanos != 0 {
                writer.tag(2, .varint)
                writer.varint(UInt64(bitPattern: Int64(nanos)))
            }
            return .bytes(writer.bytes)
        default:
            return nil
        }
    }

    /// The plain JSON value of a decoded well-known message, or nil when `object` is not one.
    static func decode(_ typeName: String, object: JSONValue) -> JSONValue? {
        guard case .object(let members) = object else { return nil }
        func member(_ name: String) -> JSONValue? { members.first { $0.key == name }?.value }
        switch typeName {
        case decimal:
            guard case .string(let text)? = member("value"), isDecimalText(text) else { return .number("0") }
            return .number(text)
        case timestamp:
            var seconds: Int64 = 0, nanos: Int64 = 0
            if case .number(let text)? = member("seconds") ?? nil { seconds = Int64(text) ?? 0 }
            if case .string(let text)? = member("seconds") ?? nil { seconds = Int64(text) ?? 0 }
            if case .number(let text)? = member("nanos") ?? nil { nanos = Int64(text) ?? 0 }
            return .string(formatRFC3339(seconds: seconds, nanos: nanos))
        default:
            return nil
        }
    }

    /// `-?digits(.digits)?`: JSON number syntax without exponent, so no value is rounded.
    static func isDecimalText(_ text: String) -> Bool {
        var sawDigit = false, sawPoint = false, digitsAfterPoint = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawPoint { digitsAfterPoint += 1 }
            case UInt8(ascii: ".") where sawDigit && !sawPoint: sawPoint = true
            default: return false
            }
        }
        return sawDigit && (!sawPoint || digitsAfterPoint > 0)
    }

    /// Seconds and nanoseconds of `2026-01-18T10:30:00.123456789+02:00` (up to 9 fraction digits).
    static func parseRFC3339(_ text: String) -> (Int64, Int32)? {
        var whole = text
        var nanos: Int32 = 0
        if let dot = text.firstIndex(of: ".") {
            let afterDot = text[text.index(after: dot)...]
            let digits = afterDot.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return nil }
            nanos = Int32(digits + String(repeating: "0", count: 9 - digits.count))!
            whole = String(text[..<dot]) + String(afterDot.dropFirst(digits.count))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: whole) else { return nil }
        return (Int64(date.timeIntervalSince1970), nanos)
    }

    /// UTC, with milliseconds as the seeds write instants (`2026-01-18T10:30:00.000Z`), or
    /// with as many digits as it takes to lose nothing.
    static func formatRFC3339(seconds: Int64, nanos: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let base = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
        var fraction = String(format: "%09lld", max(0, min(nanos, 999_999_999)))
        while fraction.count > 3 && fraction.hasSuffix("000") { fraction.removeLast(3) }
        return base.dropLast() + "." + fraction + "Z"
    }
}
