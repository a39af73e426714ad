import Foundation

extension VatRateTable {
    /// Romania's VAT rates, the table every tenant starts with.
    ///
    /// - Until 31 July 2025 (Fiscal Code art. 291 as in force since 1 January 2017):
    ///   standard 19%, reduced 9% and 5%.
    /// - From 1 August 2025 (Law 141/2025): standard 21%, reduced 11% (replacing both 9%
    ///   and 5%).
    /// - 1 August 2025 – 31 July 2026: 9% kept, transitionally, for the delivery of
    ///   qualifying housing under contracts concluded before 1 August 2025.
    /// - 0% throughout, for exempt and zero-rated supplies.
    ///
    /// Rows end on the day the next rate begins (`validTo` is exclusive), so 31 July 2025
    /// is the last day of 19% and 1 August 2025 the first of 21%. History before 2017 is not
    /// carried: products are priced at today's rates.
    public static let romania: VatRateTable = {
        let start = day(2017, 1, 1)
        let august2025 = day(2025, 8, 1)
        let august2026 = day(2026, 8, 1)
        return VatRateTable(entries: [
            Entry(rate: 19, category: .standard, validFrom: start, validTo: august2025,
                  description: "Standard rate"),
            Entry(rate: 9, category: .reduced, validFrom: start, validTo: august2025,
                  description: "Reduced rate: food, medicines, hotel and restaurant services"),
            Entry(rate: 5, category: .reduced, validFrom: start, validTo: august2025,
                  description: "Reduced rate: books, school supplies, housing, cultural events"),
            Entry(rate: 21, category: .standard, validFrom: august2025,
                  description: "Standard rate (Law 141/2025)"),
            Entry(rate: 11, category: .reduced, validFrom: august2025,
                  description: "Reduced rate (Law 141/2025)"),
            Entry(rate: 9, category: .transitional, validFrom: august2025, validTo: august2026,
                  description: "Qualifying housing under contracts before 1 August 2025 (Law 141/2025)"),
            Entry(rate: 0, category: .zero, validFrom: start,
                  description: "Exempt or zero-rated supplies"),
        ])
    }()

    private static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDay {
        // The constants above are real days; a typo there should stop the process at once.
        guard let value = CalendarDay(year: year, month: month, day: day) else {
            preconditionFailure("invalid constant day \(year)-\(month)-\(day)")
        }
        return value
    }
}
