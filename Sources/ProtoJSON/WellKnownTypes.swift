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

    /// Seconds and nanoseconds of `2026-01-18T10:30:00.123456789+02:00` (up to 9 fraction
    /// digits), by arithmetic: no formatter per value, since every timestamp of every request
    /// passes through here.
    static func parseRFC3339(_ text: String) -> (Int64, Int32)? {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<(start + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] | 0x20 == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var nanos: Int32 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int32(b[index] - 48)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard index + 6 == b.count, b[index + 3] == UInt8(ascii: ":"), let hours = number(index + 1, 2),
                  let minutes = number(index + 4, 2), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset), nanos)
    }

    /// UTC, with milliseconds as the seeds write instants (`2026-01-18T10:30:00.000Z`), or
    /// with as many digits as it takes to lose nothing.
    static func formatRFC3339(seconds: Int64, nanos: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        var out = [UInt8]()
        out.reserveCapacity(30)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var rest = abs(value)
            for position in stride(from: width - 1, through: 0, by: -1) {
                digits[position] = UInt8(48 + rest % 10)
                rest /= 10
            }
            out += digits
        }
        put(year, 4); out.append(UInt8(ascii: "-")); put(month, 2); out.append(UInt8(ascii: "-")); put(day, 2)
        out.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":")); put(secondOfDay / 60 % 60, 2); out.append(UInt8(ascii: ":")); put(secondOfDay % 60, 2)
        var fraction = Int(max(0, min(nanos, 999_999_999)))
        var width = 9
        while width > 3 && fraction % 1000 == 0 {
            fraction /= 1000
            width -= 3
        }
        out.append(UInt8(ascii: "."))
        put(fraction, width)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (the inverse of `daysFromCivil`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
