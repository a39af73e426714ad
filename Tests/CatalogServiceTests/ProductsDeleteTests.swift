import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// DeleteProduct (003 §3.5): soft by default, hard on request, never under active negotiations.
@Suite struct ProductsDeleteTests {
    func delete(_ harness: CatalogHarness, _ id: String, hard: Bool = false, cascade: Bool = false) async throws {
        _ = try await harness.client.deleteProduct(DeleteProductRequest(id: id, hard: hard, cascade: cascade), options: harness.options)
    }

    func rowCount(_ harness: CatalogHarness, _ table: String, product id: String) async throws -> Int {
        let uuid = try #require(UUID(uuidString: id))
        return try await harness.sql { tx in
            try await tx.query("SELECT count(*) AS n FROM \(identifier: table) WHERE \(identifier: table == "products" ? "id" : "product_id") = \(uuid)")[0]
                .decode(Int.self, column: "n")
        }
    }

    @Test func softDelete_hidesTheProduct_keepsItsRow_andFreesItsSKU() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-1", stock: 3))
            try await delete(harness, id)
            #expect(await harness.failure { try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options) }?.code == .notFound)
            #expect(try await rowCount(harness, "products", product: id) == 1)
            #expect(try await rowCount(harness, "stock_movements", product: id) == 1)
            // Deleting again finds nothing to delete.
            let again = await harness.failure { try await delete(harness, id) }
            #expect(again?.code == .notFound)
            try await harness.create(newProduct("DEL-1"))
        }
    }

    @Test func hardDelete_removesTheRowAndItsRelations() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-2"))
            let other = try await harness.create(newProduct("DEL-3"))
            _ = try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: other, relations: [
                ProductRelationInput(productId: id, relation: .upsell),
            ]), options: harness.options)
            try await delete(harness, id, hard: true)
            #expect(try await rowCount(harness, "products", product: id) == 0)
            #expect(try await rowCount(harness, "product_relations", product: other) == 0)
        }
    }

    @Test func hardDelete_ofAProductWithStockHistory_isRES_LOCKED_unlessCascade() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-4", stock: 7))
            try await harness.reserve(id, quantity: 1, released: true)
            let error = await harness.failure { try await delete(harness, id, hard: true) }
            #expect(error?.code == .failedPrecondition)
            #expect(try statusDetails(error).code == "RES_LOCKED")
            #expect(try await rowCount(harness, "products", product: id) == 1)

            try await delete(harness, id, hard: true, cascade: true)
            #expect(try await rowCount(harness, "products", product: id) == 0)
            #expect(try await rowCount(harness, "stock_movements", product: id) == 0)
            #expect(try await rowCount(harness, "reservation_items", product: id) == 0)
        }
    }

    @Test func aSoftDeletedProduct_canStillBePurgedHard() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-5"))
            try await delete(harness, id)
            try await delete(harness, id, hard: true)
            #expect(try await rowCount(harness, "products", product: id) == 0)
        }
    }

    @Test func activeReservations_refuseEveryDelete_with409RES_LOCKED_andTheSeedsMessage() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-6", stock: 5))
            try await harness.reserve(id, quantity: 2)
            for (hard, cascade) in [(false, false), (true, false), (true, true)] {
                let error = await harness.failure { try await delete(harness, id, hard: hard, cascade: cascade) }
                #expect(error?.code == .failedPrecondition)  // the gateway answers 409 for RES_LOCKED
                let details = try statusDetails(error)
                #expect(details.code == "RES_LOCKED")
                #expect(details.message == "Cannot delete product with active negotiations")
            }
            #expect(try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options).sku == "DEL-6")
        }
    }

    @Test func releasedOrExpiredReservations_doNotBlockASoftDelete() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-7", stock: 5))
            try await harness.reserve(id, quantity: 2, released: true)
            try await harness.reserve(id, quantity: 2, expiresAt: Date().addingTimeInterval(-1))
            try await delete(harness, id)
        }
    }

    @Test func anotherTenantsProduct_andAMalformedId_areRES_NOT_FOUND_andStayPut() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("DEL-8"))
            for hard in [false, true] {
                let error = await harness.failure {
                    try await harness.client.deleteProduct(DeleteProductRequest(id: id, hard: hard), options: harness.options(tenant: UUID()))
                }
                #expect(error?.code == .notFound)
                #expect(try statusDetails(error).code == "RES_NOT_FOUND")
            }
            #expect(await harness.failure { try await delete(harness, "x") }?.code == .notFound)
            #expect(try await rowCount(harness, "products", product: id) == 1)
        }
    }
}
