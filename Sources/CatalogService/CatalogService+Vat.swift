import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import ServiceKit

// The tenant's date-effective VAT rates (Romanian Fiscal Code art. 291; catalog.proto VatRate).
extension CatalogService {
    /// The tenant's effective VAT table, or the rows in force on the day `on` names.
    public func listVatRates(_ request: ListVatRatesRequest, context: CallContext) async throws -> ListVatRatesResponse {
        var day: CalendarDay?
        if !request.on.isEmpty {
            guard let parsed = CalendarDay(iso: request.on) else {
                throw CatalogError(.invalidFormat, field: "on", "on must be a day written YYYY-MM-DD, not \"\(request.on)\"")
            }
            day = parsed
        }
        let table = try await store.transaction(context) { tx in try await store.vatRateTable(in: tx) }
        let entries = day.map(table.entries(on:)) ?? table.entries
        return ListVatRatesResponse(data: entries.map(VatRate.init))
    }

    /// Adds or replaces one row of the tenant's table, keyed by category, rate and first day.
    public func setVatRate(_ request: SetVatRateRequest, context: CallContext) async throws -> VatRate {
        let entry = try Self.vatRateEntry(request)
        try await store.transaction(context) { tx in
            try await store.upsertVatRate(entry, in: tx)
            // The row has no id of its own: its key (category, rate, first day) names it.
            let key = "\(entry.category.rawValue):\(DecimalText.format(entry.rate)):\(entry.validFrom)"
            try await store.record(tx, context, "vat_rate.set", .vatRate, id: key,
                                   "Set the \(entry.category.rawValue) VAT rate \(DecimalText.format(entry.rate))% from \(entry.validFrom)")
        }
        return VatRate(entry)
    }

    /// The row `request` sets, validated; throws one `SeedError` naming every invalid field.
    static func vatRateEntry(_ request: SetVatRateRequest) throws(SeedError) -> VatRateTable.Entry {
        var violations = FieldViolations()
        var rate: Foundation.Decimal?
        if let text = request.rate?.value {
            // numeric(5, 2): a third decimal would be rounded by the database, so it is refused.
            if let parsed = DecimalText.parse(text.trimmingSpaces), parsed.scale <= 2 {
                rate = parsed.value
            } else {
                violations.record(.invalidFormat, field: "rate", "rate must be a number of percent with at most 2 decimals, such as 21 or 9.5")
            }
        } else {
            violations.record(.requiredField, field: "rate", "rate is required")
        }
        let category = VatRateTable.Category(request.category)
        if category == nil { violations.record(.requiredField, field: "category", "category must be standard, reduced, transitional or zero") }
        let validFrom = CalendarDay(iso: request.validFrom)
        if validFrom == nil {
            violations.record(request.validFrom.isEmpty ? .requiredField : .invalidFormat, field: "validFrom",
                              "validFrom must be a day written YYYY-MM-DD")
        }
        var validTo: CalendarDay?
        if !request.validTo.isEmpty {
            validTo = CalendarDay(iso: request.validTo)
            if validTo == nil { violations.record(.invalidFormat, field: "validTo", "validTo must be a day written YYYY-MM-DD, or empty") }
        }
        let description = violations.check { () throws(CatalogError) in
            let text = request.description.trimmingSpaces
            guard text.count <= 500 else { throw CatalogError(.outOfRange, field: "description", "description is longer than 500 characters") }
            return text
        }
        try violations.throwIfAny()
        guard let rate, let category, let validFrom, let description else {
            throw SeedError("SYS_INTERNAL_ERROR", "validation passed without a value")  // unreachable: every nil was recorded
        }
        let entry = VatRateTable.Entry(rate: rate, category: category, validFrom: validFrom, validTo: validTo, description: description)
        // VatRateTable.set holds the rules of a row (rate 0…100, validTo after validFrom).
        var scratch = VatRateTable(entries: [])
        do throws(CatalogError) {
            try scratch.set(entry)
        } catch {
            violations.record(error)
            try violations.throwIfAny()
        }
        return entry
    }
}
