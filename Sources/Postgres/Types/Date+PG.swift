import Foundation

extension Date: PGEncodable {
    /// `timestamptz`
    public static var pgType: PGDataType { .timestamptz }

    /// ISO 8601 in UTC to the microsecond (PostgreSQL's resolution): `2024-05-01 12:30:00.250000+00`.
    public func pgEncode() throws -> PGParameterValue {
        .text(PGTimestampText.format(microseconds: PGTimestampText.microseconds(self)))
    }
}

extension Date: PGDecodable {
    /// A `timestamptz` (any offset), a `timestamp` (read as UTC) or a `date` (midnight UTC).
    public init(pgText text: String, type: PGDataType) throws {
        guard let microseconds = PGTimestampText.parse(text) else {
            throw PGDecodingFailure("not a finite timestamp")
        }
        self = PGTimestampText.date(microseconds: microseconds)
    }
}

/// PostgreSQL's ISO timestamp text, as printed with `DateStyle = ISO` (every pooled
/// connection sets it, with `TimeZone = UTC`). Pure calendar arithmetic, no `Calendar` or
/// locale: the proleptic Gregorian calendar, as PostgreSQL uses, with `BC` years.
enum PGTimestampText {
    private static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    private static let referenceOffset: Int64 = 978_307_200

    /// Microseconds since 1970 (UTC), rounded from Date's reference-date storage so a
    /// value read back from the database compares equal to the one written.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + referenceOffset * 1_000_000
    }

    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(microseconds - referenceOffset * 1_000_000) / 1_000_000)
    }

    static func format(microseconds: Int64) -> String {
        let days = floorDivide(microseconds, microsecondsPerDay)
        let inDay = microseconds - days * microsecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let seconds = inDay / 1_000_000
        let fraction = inDay % 1_000_000
        let bc = year <= 0
        let printedYear = bc ? 1 - year : year
        var text = pad(printedYear, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
        text += pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        text += "." + pad(fraction, 6) + "+00"
        if bc { text += " BC" }
        return text
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][±HH[:MM[:SS]]][ BC]`; nil for anything else
    /// (including `infinity`).
    static func parse(_ text: String) -> Int64? {
        var scanner = Scanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4, maxDigits: 9), scanner.take("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.take("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.take(" ") || scanner.take("T") {
            if scanner.peekDigit {
                guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.take(":"),
                      let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.take(":"),
                      let second = scanner.number(minDigits: 2, maxDigits: 2),
                      hour <= 24, minute < 60, second < 61
                else { return nil }
                micros = ((hour * 60 + minute) * 60 + second) * 1_000_000
                if scanner.take(".") {
                    guard let (fraction, count) = scanner.digits(maxDigits: 6) else { return nil }
                    var scaled = fraction
                    for _ in count..<6 { scaled *= 10 }
                    micros += scaled
                }
                if let sign = scanner.sign() {
                    guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    var offset = hours * 3600
                    if scanner.take(":") {
                        guard let minutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += minutes * 60
                        if scanner.take(":") {
                            guard let seconds = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                            offset += seconds
                        }
                    }
                    offsetSeconds = sign * offset
                }
                _ = scanner.take(" ")
            }
            if scanner.take("BC") { year = 1 - year }
        }
        guard scanner.isAtEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * microsecondsPerDay + micros - offsetSeconds * 1_000_000
    }

    // Howard Hinnant's days-from-civil and civil-from-days, exact for every proleptic
    // Gregorian date (http://howardhinnant.github.io/date_algorithms.html).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }
        var peekDigit: Bool { index < bytes.count && Self.isDigit(bytes[index]) }

        mutating func take(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else { return false }
            index += expected.count
            return true
        }

        mutating func sign() -> Int64? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }

        mutating func digits(maxDigits: Int) -> (Int64, Int)? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, peekDigit {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
                count += 1
            }
            return count == 0 ? nil : (value, count)
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            guard let (value, count) = digits(maxDigits: maxDigits), count >= minDigits else { return nil }
            return value
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
