import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// SetRelatedProducts, and the relations GetProduct shows.
@Suite struct ProductsRelatedTests {
    @Test func replacesTheSet_inTheGivenOrder_andGetProductShowsIt() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.create(newProduct("REL-0"))
            let a = try await harness.create(newProduct("REL-A", price: "5.5"))
            let b = try await harness.create(newProduct("REL-B"))
            let c = try await harness.create(newProduct("REL-C"))
            let first = try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: product, relations: [
                ProductRelationInput(productId: b, relation: .upsell), ProductRelationInput(productId: a, relation: .accessory),
            ]), options: harness.options)
            #expect(first.relatedProducts.map(\.sku) == ["REL-B", "REL-A"])
            #expect(first.relatedProducts.map(\.relation) == [.upsell, .accessory])
            #expect(first.relatedProducts[1].price?.value == "5.50")
            #expect(first.updatedAt != nil)

            _ = try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: product, relations: [
                ProductRelationInput(productId: c, relation: .crosssell),
            ]), options: harness.options)
            let detail = try await harness.client.getProduct(GetProductRequest(id: product), options: harness.options)
            #expect(detail.relatedProducts == [RelatedProduct(id: c, sku: "REL-C", name: "Product REL-C", price: dec("10.00"), relation: .crosssell)])

            // A deleted related product disappears from the detail.
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: c), options: harness.options)
            #expect(try await harness.client.getProduct(GetProductRequest(id: product), options: harness.options).relatedProducts.isEmpty)

            let cleared = try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: product), options: harness.options)
            #expect(cleared.relatedProducts.isEmpty)
        }
    }

    @Test func refusesSelf_unknown_otherTenants_andDuplicateIds_namingTheEntry() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.create(newProduct("REL-1"))
            let other = try await harness.create(newProduct("REL-2"))
            let foreign = try await harness.client.createProduct(newProduct("REL-X"), options: harness.options(tenant: UUID())).id

            func details(_ relations: [ProductRelationInput]) async throws -> StatusDetails {
                try statusDetails(await harness.failure {
                    try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: product, relations: relations), options: harness.options)
                })
            }
            var result = try await details([ProductRelationInput(productId: product, relation: .upsell)])
            #expect(result.code == "VAL_REFERENCE_INVALID")
            #expect(result.violations.map(\.field) == ["relations[0].productId"])

            result = try await details([ProductRelationInput(productId: other, relation: .upsell), ProductRelationInput(productId: foreign, relation: .upsell)])
            #expect(result.code == "VAL_REFERENCE_INVALID")
            #expect(result.violations.map(\.field) == ["relations[1].productId"])

            result = try await details([ProductRelationInput(productId: "nope", relation: .upsell)])
            #expect(result.code == "VAL_REFERENCE_INVALID")

            result = try await details([ProductRelationInput(productId: other, relation: .upsell), ProductRelationInput(productId: other, relation: .accessory)])
            #expect(result.code == "VAL_DUPLICATE")
            #expect(result.violations.map(\.field) == ["relations[1].productId"])

            result = try await details([ProductRelationInput(productId: other)])
            #expect(result.code == "VAL_REQUIRED_FIELD")
            #expect(result.violations.map(\.field) == ["relations[0].relation"])

            let missing = await harness.failure {
                try await harness.client.setRelatedProducts(SetRelatedProductsRequest(productId: UUID().uuidString), options: harness.options)
            }
            #expect(missing?.code == .notFound)
        }
    }
}
