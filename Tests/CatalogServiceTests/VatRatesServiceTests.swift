import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// ListVatRates and SetVatRate, and the table CreateProduct and UpdateProduct check rates
/// against, over real RPC and PostgreSQL.
@Suite struct VatRatesServiceTests {
    func rates(_ response: ListVatRatesResponse) -> [String] {
        response.data.map { "\($0.category) \($0.rate?.value ?? "") \($0.validFrom)…\($0.validTo)" }
    }

    @Test func aNewTenant_seesRomaniasTable_inOrder() async throws {
        try await CatalogHarness.with { harness in
            let table = try await harness.client.listVatRates(ListVatRatesRequest(), options: harness.options)
            #expect(rates(table) == [
                "standard 19 2017-01-01…2025-08-01", "reduced 5 2017-01-01…2025-08-01", "reduced 9 2017-01-01…2025-08-01",
                "zero 0 2017-01-01…", "standard 21 2025-08-01…", "reduced 11 2025-08-01…", "transitional 9 2025-08-01…2026-08-01",
            ])
            #expect(table.data.allSatisfy { !$0.description.isEmpty })
        }
    }

    @Test func ratesOnADay_changeAtTheBoundary_validToBeingExclusive() async throws {
        try await CatalogHarness.with { harness in
            let july = try await harness.client.listVatRates(ListVatRatesRequest(on: "2025-07-31"), options: harness.options)
            #expect(Set(july.data.compactMap { $0.rate?.value }) == ["19", "9", "5", "0"])
            let august = try await harness.client.listVatRates(ListVatRatesRequest(on: "2025-08-01"), options: harness.options)
            #expect(Set(august.data.compactMap { $0.rate?.value }) == ["21", "11", "9", "0"])
            let later = try await harness.client.listVatRates(ListVatRatesRequest(on: "2026-08-01"), options: harness.options)
            #expect(Set(later.data.compactMap { $0.rate?.value }) == ["21", "11", "0"])
            let error = await harness.failure { try await harness.client.listVatRates(ListVatRatesRequest(on: "31.07.2025"), options: harness.options) }
            #expect(try statusDetails(error).violations.map(\.field) == ["on"])
        }
    }

    @Test func createProduct_usesTheRatesInForceOnBucharestsDay() async throws {
        // 21:30 UTC on 31 July 2025 is 00:30 on 1 August in Bucharest (UTC+3 in summer).
        try await CatalogHarness.with(now: { utc(2025, 7, 31, 21, 30) }) { harness in
            try await harness.create(newProduct("AUG-21", vatRate: "21"))
            let error = await harness.failure { try await harness.client.createProduct(newProduct("AUG-19", vatRate: "19"), options: harness.options) }
            #expect(try statusDetails(error).code == "VAL_OUT_OF_RANGE")
        }
        // 20:59 UTC is 23:59 on 31 July: still 19%.
        try await CatalogHarness.with(now: { utc(2025, 7, 31, 20, 59) }) { harness in
            try await harness.create(newProduct("JUL-19", vatRate: "19"))
            try await harness.create(newProduct("JUL-5", vatRate: "5"))
            let error = await harness.failure { try await harness.client.createProduct(newProduct("JUL-21", vatRate: "21"), options: harness.options) }
            let details = try statusDetails(error)
            #expect(details.code == "VAL_OUT_OF_RANGE")
            #expect(details.message.contains("allowed: 0, 5, 9, 19"))
        }
        // The transitional 9% ends with 31 July 2026.
        try await CatalogHarness.with(now: { utc(2026, 7, 31) }) { harness -> Void in
            try await harness.create(newProduct("TR-9", vatRate: "9"))
        }
        try await CatalogHarness.with(now: { utc(2026, 8, 1) }) { (harness) async throws -> Void in
            let error = await harness.failure { try await harness.client.createProduct(newProduct("TR-9", vatRate: "9"), options: harness.options) }
            #expect(try statusDetails(error).code == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func setVatRate_addsATenantRate_thatProductsMayThenUse_andOnlyForThatTenant() async throws {
        try await CatalogHarness.with(now: { utc(2027, 3, 1) }) { harness in
            let request = SetVatRateRequest(rate: dec("23.5"), category: .standard, validFrom: "2027-01-01", description: "Hypothetical rise")
            let row = try await harness.client.setVatRate(request, options: harness.options)
            #expect(row == VatRate(rate: dec("23.5"), category: .standard, validFrom: "2027-01-01", validTo: "", description: "Hypothetical rise"))
            // Idempotent: the same request leaves the same table.
            _ = try await harness.client.setVatRate(request, options: harness.options)
            let table = try await harness.client.listVatRates(ListVatRatesRequest(on: "2027-03-01"), options: harness.options)
            #expect(table.data.filter { $0.rate?.value == "23.5" }.count == 1)
            try await harness.create(newProduct("NEW-235", vatRate: "23.50"))

            let other = UUID()
            let error = await harness.failure { try await harness.client.createProduct(newProduct("NEW-235", vatRate: "23.5"), options: harness.options(tenant: other)) }
            #expect(try statusDetails(error).code == "VAL_OUT_OF_RANGE")
            let otherTable = try await harness.client.listVatRates(ListVatRatesRequest(), options: harness.options(tenant: other))
            #expect(otherTable.data.count == 7)
        }
    }

    @Test func setVatRate_replacesTheDefaultRowWithItsKey_soATenantCanEndARateEarly() async throws {
        try await CatalogHarness.with(now: { utc(2026, 3, 1) }) { harness in
            try await harness.create(newProduct("TR-1", vatRate: "9"))
            _ = try await harness.client.setVatRate(SetVatRateRequest(rate: dec("9.00"), category: .transitional, validFrom: "2025-08-01",
                                                                      validTo: "2026-01-01", description: "Ended early"), options: harness.options)
            let rows = try await harness.client.listVatRates(ListVatRatesRequest(), options: harness.options).data
            #expect(rows.filter { $0.category == .transitional }.map { "\($0.rate?.value ?? "") \($0.validTo) \($0.description)" } == ["9 2026-01-01 Ended early"])
            let error = await harness.failure { try await harness.client.createProduct(newProduct("TR-2", vatRate: "9"), options: harness.options) }
            #expect(try statusDetails(error).code == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func setVatRate_refusesInvalidRows_namingEachField() async throws {
        try await CatalogHarness.with { harness in
            func details(_ request: SetVatRateRequest) async throws -> StatusDetails {
                try statusDetails(await harness.failure { try await harness.client.setVatRate(request, options: harness.options) })
            }
            var result = try await details(SetVatRateRequest())
            #expect(result.code == "VAL_MULTIPLE_ERRORS")
            #expect(Set(result.violations.map { "\($0.field) \($0.code)" }) == ["rate VAL_REQUIRED_FIELD", "category VAL_REQUIRED_FIELD", "validFrom VAL_REQUIRED_FIELD"])
            result = try await details(SetVatRateRequest(rate: dec("101"), category: .standard, validFrom: "2027-01-01"))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["rate"])
            result = try await details(SetVatRateRequest(rate: dec("-1"), category: .standard, validFrom: "2027-01-01"))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["rate"])
            result = try await details(SetVatRateRequest(rate: dec("21.125"), category: .standard, validFrom: "2027-01-01"))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["rate"])
            result = try await details(SetVatRateRequest(rate: dec("21"), category: .standard, validFrom: "2027-01-01", validTo: "2027-01-01"))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["validTo"])
            result = try await details(SetVatRateRequest(rate: dec("21"), category: .standard, validFrom: "2027-02-30"))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["validFrom"])
        }
    }
}
