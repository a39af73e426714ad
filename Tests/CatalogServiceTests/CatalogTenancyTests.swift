import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// DESIGN D5 for the catalog: its role sees one tenant per transaction, however the query is written.
struct CatalogTenancyTests {
    @Test func aQueryWithoutATenantFilter_seesOnlyTheTransactionsTenant() async throws {
        try await CatalogHarness.with { harness in
            let other = UUID().uuidString.lowercased()
            let mine = harness.tenant.uuidString.lowercased()
            for tenant in [mine, other] {
                try await harness.pool.withTransaction(tenant: tenant) { tx in
                    try await tx.query("""
                        INSERT INTO products (tenant_id, sku, name, category, price, vat_rate, unit)
                        VALUES (\(tenant)::uuid, 'SKU-1', 'Drill', 'tools', 10.00, 21, 'buc')
                        """)
                }
            }
            // No WHERE tenant_id at all: row-level security still fences the tenant.
            let seen = try await harness.pool.withTransaction(tenant: mine) { tx in
                try await tx.query("SELECT tenant_id::text AS tenant FROM products").map { try $0.decode(String.self, column: "tenant") }
            }
            #expect(Set(seen) == [mine])
            let none = try await harness.pool.withTransaction { tx in try await tx.query("SELECT 1 FROM products").count }
            #expect(none == 0)
            // Writing a row for another tenant is refused.
            await #expect(throws: PGError.self) {
                try await harness.pool.withTransaction(tenant: mine) { tx in
                    try await tx.query("""
                        INSERT INTO products (tenant_id, sku, name, category, price, vat_rate, unit)
                        VALUES (\(other)::uuid, 'SKU-2', 'Saw', 'tools', 10.00, 21, 'buc')
                        """)
                }
            }
        }
    }

    @Test func aCallWithoutATenant_isRefused() async throws {
        try await CatalogHarness.with { harness in
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.listVatRates(ListVatRatesRequest(), options: CallOptions())
            }
            #expect(error?.code == .failedPrecondition)
            let details = try StatusDetails(decoding: error?.details ?? [])
            #expect(details.code == "AUTH_TENANT_REQUIRED")
        }
    }
}
