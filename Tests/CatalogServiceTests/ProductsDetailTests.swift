import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// GetProduct (003 §3.2): exact prices, stock from reservation rows, relations, not-found cases.
@Suite struct ProductsDetailTests {
    @Test func priceWithVatAndMargin_areExact_roundedHalfUpToTheBan() async throws {
        try await CatalogHarness.with { harness in
            var request = newProduct("PRC-1", price: "12.50", vatRate: "21")
            request.costPrice = dec("7.3")
            let id = try await harness.create(request)
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.price?.value == "12.50")
            #expect(detail.vatRate?.value == "21")
            #expect(detail.priceWithVat?.value == "15.13")  // 15.125: half-up, where bankers' rounding gives 15.12
            #expect(detail.costPrice?.value == "7.30")
            #expect(detail.margin?.value == "41.60")  // (12.5 − 7.3) / 12.5 × 100

            var loss = newProduct("PRC-2", price: "80", vatRate: "0")
            loss.costPrice = dec("100")
            let lossDetail = try await harness.client.getProduct(GetProductRequest(id: try await harness.create(loss)), options: harness.options)
            #expect(lossDetail.priceWithVat?.value == "80.00")
            #expect(lossDetail.margin?.value == "-25.00")

            let noCost = try await harness.client.getProduct(GetProductRequest(id: try await harness.create(newProduct("PRC-3"))), options: harness.options)
            #expect(noCost.costPrice == nil)
            #expect(noCost.margin == nil)
            #expect(noCost.weight == nil)
            #expect(noCost.dimensions == nil)
            #expect(noCost.subcategory == "")
        }
    }

    @Test func reservedStock_sumsOnlyReservationsNeitherReleasedNorExpired() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("RSV-1", stock: 10))
            try await harness.reserve(id, quantity: 3)
            try await harness.reserve(id, quantity: 1)
            try await harness.reserve(id, quantity: 2, released: true)
            try await harness.reserve(id, quantity: 4, expiresAt: Date().addingTimeInterval(-60))
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.stock == 10)
            #expect(detail.reservedStock == 4)
            #expect(detail.availableStock == 6)
        }
    }

    @Test func availableStock_neverGoesBelowZero() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("RSV-2", stock: 2))
            try await harness.reserve(id, quantity: 5)
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.reservedStock == 5)
            #expect(detail.availableStock == 0)
        }
    }

    @Test func showsEmbeddingBlock_noPricingRules_andTheSeedsBookkeeping() async throws {
        try await CatalogHarness.with { harness in
            var request = newProduct("EMB-1")
            request.minStock = 2
            request.reorderPoint = 5
            let id = try await harness.create(request)
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.embedding == ProductEmbedding(hasEmbedding: false, lastIndexedAt: nil, chunkCount: 0, model: ""))
            #expect(detail.pricingRules.isEmpty)
            #expect(detail.images.isEmpty && detail.documents.isEmpty)
            #expect(detail.minStock == 2 && detail.reorderPoint == 5)
            #expect(detail.id == id && detail.sku == "EMB-1" && detail.unit == "buc")
            #expect(detail.createdAt != nil && detail.updatedAt != nil)
        }
    }

    @Test func malformedId_anotherTenantsProduct_andADeletedOne_areRES_NOT_FOUND() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("NF-1"))
            let deleted = try await harness.create(newProduct("NF-2"))
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: deleted), options: harness.options)
            let cases: [(String, CallOptions)] = [
                ("not-a-uuid", harness.options), (UUID().uuidString, harness.options),
                (id, harness.options(tenant: UUID())), (deleted, harness.options),
            ]
            for (candidate, options) in cases {
                let error = await harness.failure { try await harness.client.getProduct(GetProductRequest(id: candidate), options: options) }
                #expect(error?.code == .notFound, "\(candidate)")
                #expect(try statusDetails(error).code == "RES_NOT_FOUND")
            }
        }
    }
}
