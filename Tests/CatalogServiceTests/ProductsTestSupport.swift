import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// Exact decimal text as the contract carries it.
func dec(_ text: String) -> CommonAPI.Decimal { CommonAPI.Decimal(value: text) }

/// A day in UTC at the given hour and minute: the fixed clocks of VAT tests.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

/// A valid CreateProductRequest: SKU and name given, the rest a 21% product at 10.00 RON.
func newProduct(_ sku: String, name: String? = nil, category: String = "tools", price: String = "10.00",
                vatRate: String = "21", stock: Int64 = 0) -> CreateProductRequest {
    CreateProductRequest(sku: sku, name: name ?? "Product \(sku)", category: category, price: dec(price),
                         vatRate: dec(vatRate), unit: "buc", stock: stock)
}

/// The seed code, field and violations a failed call carried (`StatusDetails`).
func statusDetails(_ error: RPCError?) throws -> StatusDetails {
    let error = try #require(error)
    return try StatusDetails(decoding: error.details)
}

extension CatalogHarness {
    /// Creates `request` and returns the new product's id.
    @discardableResult
    func create(_ request: CreateProductRequest) async throws -> String {
        try await client.createProduct(request, options: options).id
    }

    /// Calls `body` expecting an RPC failure, and returns it.
    func failure<T: Sendable>(_ body: () async throws -> T) async -> RPCError? {
        do {
            _ = try await body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            Issue.record("expected an RPCError, got \(error)")
            return nil
        }
    }

    /// Runs `body` in a transaction of this harness's tenant, as the service's role.
    @discardableResult
    func sql<Result: Sendable>(_ body: (PGTransaction) async throws -> Result) async throws -> Result {
        try await pool.withTransaction(tenant: tenant.uuidString.lowercased(), body)
    }

    /// Inserts a reservation of `quantity` units of `productID` for a negotiation, expiring
    /// at `expiresAt`, released when `released` (as the stock service will write them).
    func reserve(_ productID: String, quantity: Int64, expiresAt: Date = Date().addingTimeInterval(3_600),
                 released: Bool = false) async throws {
        let tenant = tenant.uuidString.lowercased()
        let product = try #require(UUID(uuidString: productID))
        try await sql { tx in
            let id: UUID = try await tx.query("""
                INSERT INTO reservations (tenant_id, negotiation_id, expires_at, released_at)
                VALUES (\(tenant)::uuid, 'NEG-TEST', \(expiresAt), \(released ? Date() : nil))
                RETURNING id
                """)[0].decode(column: "id")
            try await tx.query("""
                INSERT INTO reservation_items (tenant_id, reservation_id, product_id, requested, reserved)
                VALUES (\(tenant)::uuid, \(id), \(product), \(quantity), \(quantity))
                """)
        }
    }
}

