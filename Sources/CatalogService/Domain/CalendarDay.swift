import Foundation

/// A day of the Gregorian calendar, without a time or a time zone: the unit tax law is
/// written in ("from 1 August 2025"). Ordered, and written "YYYY-MM-DD" (ISO 8601).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, 1 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 28…31.
    public let day: Int

    /// The day, or nil when it does not exist (e.g. 2025-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD"; nil for any other text or a day that does not exist.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in Romania (Europe/Bucharest), so a sale at 01:30 Bucharest
    /// time on 1 August is taxed at August's rates although it is still 31 July in UTC.
    ///
    /// The offset is computed, not looked up: Romania keeps EET (UTC+2) with the EU's summer
    /// time (UTC+3 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
    /// Sunday of October, Directive 2000/84/EC). A host without a time-zone database would
    /// otherwise fall back to UTC and move the VAT boundary by three hours.
    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let utcDay = Self.floorDiv(seconds, 86_400)
        let year = Self.civil(fromDays: utcDay).year
        let summerStart = Self.lastSunday(year: year, month: 3) * 86_400 + 3_600
        let summerEnd = Self.lastSunday(year: year, month: 10) * 86_400 + 3_600
        let offset = (summerStart..<summerEnd).contains(seconds) ? 3 * 3_600 : 2 * 3_600
        let local = Self.civil(fromDays: Self.floorDiv(seconds + offset, 86_400))
        self.year = local.year
        self.month = local.month
        self.day = local.day
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = Self.civil(fromDays: Self.floorDiv(Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date), 86_400))
        self.year = local.year
        self.month = local.month
        self.day = local.day
    }

    /// "YYYY-MM-DD".
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Earlier days first.
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // Days since 1970-01-01 and back: H. Hinnant's `days_from_civil` / `civil_from_days`.

    /// Days from 1970-01-01 to this day.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since the epoch of the month's last Sunday.
    private static func lastSunday(year: Int, month: Int) -> Int {
        let last = CalendarDay(year: year, month: month, day: daysIn(month: month, year: year))?.daysSinceEpoch ?? 0
        let weekday = ((last + 4) % 7 + 7) % 7  // 0 is Sunday: 1970-01-01 was a Thursday
        return last - weekday
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
