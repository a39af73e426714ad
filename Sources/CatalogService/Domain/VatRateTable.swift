import Foundation

/// A tenant's date-effective VAT rates: which rates a product may carry on a given day.
///
/// Each entry applies from `validFrom` up to, not including, `validTo`. New tenants start
/// with `VatRateTable.romania`; administrators add rows as the law changes (SetVatRate).
public struct VatRateTable: Hashable, Sendable {
    /// The kind of a rate (Romanian Fiscal Code art. 291).
    public enum Category: String, CaseIterable, Hashable, Sendable {
        /// The standard rate.
        case standard
        /// A reduced rate.
        case reduced
        /// A rate kept for a transition period.
        case transitional
        /// 0%: exempt or zero-rated supplies.
        case zero
    }

    /// One row of the table.
    public struct Entry: Hashable, Sendable {
        /// The rate in percent, 0 to 100.
        public var rate: Decimal
        /// Its kind.
        public var category: Category
        /// The first day it applies.
        public var validFrom: CalendarDay
        /// The first day it no longer applies; nil while open-ended.
        public var validTo: CalendarDay?
        /// What it covers, for people.
        public var description: String

        /// A row; `validTo` is exclusive.
        public init(rate: Decimal, category: Category, validFrom: CalendarDay, validTo: CalendarDay? = nil, description: String = "") {
            self.rate = rate
            self.category = category
            self.validFrom = validFrom
            self.validTo = validTo
            self.description = description
        }

        /// True when the row applies on `day`.
        public func isInForce(on day: CalendarDay) -> Bool {
            validFrom <= day && validTo.map { day < $0 } ?? true
        }
    }

    /// The rows, ordered by `validFrom`, then category, then rate.
    public private(set) var entries: [Entry]

    /// A table of `entries`, kept in order.
    public init(entries: [Entry]) {
        self.entries = entries.sorted(by: Self.order)
    }

    /// The rows in force on `day`.
    public func entries(on day: CalendarDay) -> [Entry] {
        entries.filter { $0.isInForce(on: day) }
    }

    /// The distinct rates in force on `day`, ascending (e.g. 0, 9, 11, 21 on 2025-08-01).
    public func rates(on day: CalendarDay) -> [Decimal] {
        Array(Set(entries(on: day).map(\.rate))).sorted()
    }

    /// True when `rate` is in force on `day` (12.50 and 12.5 are the same rate).
    public func isValid(_ rate: Decimal, on day: CalendarDay) -> Bool {
        entries.contains { $0.rate == rate && $0.isInForce(on: day) }
    }

    /// Throws VAL_OUT_OF_RANGE naming the allowed rates unless `rate` is in force on `day`.
    public func validate(_ rate: Decimal, on day: CalendarDay, field: String = "vatRate") throws(CatalogError) {
        guard !isValid(rate, on: day) else { return }
        throw CatalogError(.outOfRange, field: field, Self.notAllowedMessage(rate, allowed: rates(on: day), on: day))
    }

    /// "VAT rate 19 is not in force on 2025-08-01; allowed: 0, 9, 11, 21".
    public static func notAllowedMessage(_ rate: Decimal, allowed: [Decimal], on day: CalendarDay) -> String {
        let list = allowed.isEmpty ? "none" : allowed.map(DecimalText.format).joined(separator: ", ")
        return "VAT rate \(DecimalText.format(rate)) is not in force on \(day); allowed: \(list)"
    }

    /// Adds `entry`, or replaces the row with the same category, rate and `validFrom`
    /// (so setting the same row twice changes nothing). Throws VAL_OUT_OF_RANGE for a rate
    /// outside 0…100 or a `validTo` not after `validFrom`.
    public mutating func set(_ entry: Entry) throws(CatalogError) {
        guard entry.rate >= 0, entry.rate <= 100 else {
            throw CatalogError(.outOfRange, field: "rate", "VAT rate must be between 0 and 100")
        }
        if let validTo = entry.validTo, validTo <= entry.validFrom {
            throw CatalogError(.outOfRange, field: "validTo", "validTo (\(validTo)) must be after validFrom (\(entry.validFrom))")
        }
        entries.removeAll { $0.category == entry.category && $0.rate == entry.rate && $0.validFrom == entry.validFrom }
        entries.append(entry)
        entries.sort(by: Self.order)
    }

    private static func order(_ a: Entry, _ b: Entry) -> Bool {
        if a.validFrom != b.validFrom { return a.validFrom < b.validFrom }
        if a.category != b.category { return a.category.sortKey < b.category.sortKey }
        return a.rate < b.rate
    }
}

extension VatRateTable.Category {
    fileprivate var sortKey: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
