import Foundation
import Postgres

// The SQL of the VAT rate table: the tenant's own rows, laid over Romania's defaults.
extension CatalogStore {
    /// The tenant's effective table: `VatRateTable.romania` with the tenant's rows added, a
    /// row with the same category, rate and first day replacing the default one.
    func vatRateTable(in tx: PGTransaction) async throws -> VatRateTable {
        var table = VatRateTable.romania
        let rows = try await tx.query("""
            SELECT rate, category, valid_from::text AS valid_from, valid_to::text AS valid_to, description
            FROM vat_rates ORDER BY valid_from, category, rate
            """)
        for row in rows {
            guard let category = VatRateTable.Category(rawValue: try row.decode(column: "category")),
                  let validFrom = CalendarDay(iso: try row.decode(column: "valid_from")) else { continue }
            let validTo = try row.decode(String?.self, column: "valid_to").flatMap(CalendarDay.init(iso:))
            try table.set(VatRateTable.Entry(rate: try row.decode(column: "rate"), category: category, validFrom: validFrom,
                                             validTo: validTo, description: try row.decode(column: "description")))
        }
        return table
    }

    /// Adds `entry` to the tenant's rows, or replaces the row with its category, rate and first day.
    func upsertVatRate(_ entry: VatRateTable.Entry, in tx: PGTransaction) async throws {
        let tenant = try Self.tenant(of: tx)
        try await tx.query("""
            INSERT INTO vat_rates (tenant_id, rate, category, valid_from, valid_to, description)
            VALUES (\(tenant)::uuid, \(entry.rate), \(entry.category.rawValue), \(entry.validFrom.description)::date,
                    \(entry.validTo?.description)::date, \(entry.description))
            ON CONFLICT (tenant_id, rate, category, valid_from)
            DO UPDATE SET valid_to = EXCLUDED.valid_to, description = EXCLUDED.description
            """)
    }
}
