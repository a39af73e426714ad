import CatalogService
import Foundation
import Testing

@Suite struct VatRateTableTests {
    let table = VatRateTable.romania

    func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    @Test func allows19_9_5_and0_onJuly31_2025() {
        #expect(table.rates(on: day("2025-07-31")) == [0, 5, 9, 19])
    }

    @Test func allows21_11_transitional9_and0_onAugust1_2025() {
        #expect(table.rates(on: day("2025-08-01")) == [0, 9, 11, 21])
        let categories = table.entries(on: day("2025-08-01")).map { "\($0.category.rawValue) \($0.rate)" }.sorted()
        #expect(categories == ["reduced 11", "standard 21", "transitional 9", "zero 0"])
    }

    @Test func keepsTransitional9_throughJuly31_2026_andDropsItOnAugust1_2026() {
        #expect(table.isValid(9, on: day("2026-07-31")))
        #expect(!table.isValid(9, on: day("2026-08-01")))
        #expect(table.rates(on: day("2026-08-01")) == [0, 11, 21])
    }

    @Test func refuses19_fromAugust1_2025_and21_before() {
        #expect(table.isValid(19, on: day("2025-07-31")))
        #expect(!table.isValid(19, on: day("2025-08-01")))
        #expect(!table.isValid(21, on: day("2025-07-31")))
        #expect(table.isValid(21, on: day("2025-08-01")))
        #expect(!table.isValid(5, on: day("2025-08-01")))
    }

    @Test func treatsEqualDecimalsAsTheSameRate() {
        #expect(table.isValid(Decimal(string: "21.00")!, on: day("2025-09-01")))
    }

    @Test func validationErrorIsOutOfRange_namingTheAllowedRates() throws {
        let error = #expect(throws: CatalogError.self) {
            try table.validate(19, on: day("2025-08-01"))
        }
        #expect(error?.code == .outOfRange)
        #expect(error?.field == "vatRate")
        #expect(error?.message == "VAT rate 19 is not in force on 2025-08-01; allowed: 0, 9, 11, 21")
    }

    @Test func setReplacesTheRowWithSameCategoryRateAndStart_soRepeatingItChangesNothing() throws {
        var table = self.table
        let row = VatRateTable.Entry(rate: 23, category: .standard, validFrom: day("2027-01-01"), description: "hypothetical")
        try table.set(row)
        let once = table
        try table.set(row)
        #expect(table == once)
        #expect(table.rates(on: day("2027-02-01")) == [0, 11, 21, 23])
    }

    @Test func setRefusesRatesOutside0To100_andAnEndNotAfterTheStart() {
        var table = self.table
        #expect(throws: CatalogError(.outOfRange, field: "rate", "VAT rate must be between 0 and 100")) {
            try table.set(.init(rate: 101, category: .standard, validFrom: day("2027-01-01")))
        }
        let error = #expect(throws: CatalogError.self) {
            try table.set(.init(rate: 20, category: .standard, validFrom: day("2027-01-01"), validTo: day("2027-01-01")))
        }
        #expect(error?.field == "validTo")
    }
}
