import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// UpdateProduct (003 §3.4): PATCH through `update_mask`, and `changedFields`.
@Suite struct ProductsUpdateTests {
    func update(_ harness: CatalogHarness, _ request: UpdateProductRequest) async throws -> UpdateProductResponse {
        try await harness.client.updateProduct(request, options: harness.options)
    }

    @Test func changesOnlyMaskedFields_andReportsOnlyRealChanges() async throws {
        try await CatalogHarness.with { harness in
            var create = newProduct("UPD-1", name: "Drill", price: "12.50")
            create.costPrice = dec("8")
            create.tags = ["a"]
            let id = try await harness.create(create)
            let before = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)

            var request = UpdateProductRequest(id: id, updateMask: ["name", "price", "category", "tags", "minStock"])
            request.name = "Drill"           // the same name: no change
            request.price = dec("12.5")      // 12.50 → 12.5: no change
            request.category = "power tools"
            request.tags = ["a", "b"]
            request.minStock = 3
            request.unit = "kg"              // not in the mask: ignored
            let response = try await update(harness, request)
            #expect(response.changedFields == ["category", "minStock", "tags"])
            #expect(response.id == id && response.sku == "UPD-1" && response.name == "Drill" && response.status == .active)
            #expect(response.ragReindexJobId.isEmpty)
            let updatedAt = try #require(response.updatedAt), previous = try #require(before.updatedAt)
            #expect(updatedAt.instant > previous.instant)

            let after = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(after.category == "power tools" && after.tags == ["a", "b"] && after.minStock == 3)
            #expect(after.unit == "buc" && after.costPrice?.value == "8.00" && after.price?.value == "12.50")
            #expect(after.updatedAt == response.updatedAt)
        }
    }

    @Test func anEmptyOrUnchangingPatch_changesNothing_andKeepsUpdatedAt() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("UPD-2"))
            let before = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            let empty = try await update(harness, UpdateProductRequest(id: id))
            #expect(empty.changedFields.isEmpty)
            #expect(empty.updatedAt == before.updatedAt)
            var same = UpdateProductRequest(id: id, updateMask: ["vatRate", "reindexForRAG"])
            same.vatRate = dec("21.00")
            same.reindexForRag = true
            #expect(try await update(harness, same).changedFields.isEmpty)
        }
    }

    @Test func nullClearsTheNullableFields_andIsRefusedForOthers() async throws {
        try await CatalogHarness.with { harness in
            var create = newProduct("UPD-3")
            create.costPrice = dec("5")
            create.weight = dec("1.5")
            create.subcategory = "drills"
            create.dimensions = Dimensions(length: dec("1"), width: dec("2"), height: dec("3"))
            let id = try await harness.create(create)
            let cleared = try await update(harness, UpdateProductRequest(id: id, updateMask: ["costPrice", "weight", "subcategory", "dimensions"]))
            #expect(cleared.changedFields == ["subcategory", "costPrice", "weight", "dimensions"])
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.costPrice == nil && detail.weight == nil && detail.subcategory == "" && detail.dimensions == nil && detail.margin == nil)

            let error = await harness.failure { try await update(harness, UpdateProductRequest(id: id, updateMask: ["name", "price", "currency", "status"])) }
            let details = try statusDetails(error)
            #expect(details.code == "VAL_MULTIPLE_ERRORS")
            #expect(Set(details.violations.map { "\($0.field) \($0.code)" }) == [
                "name VAL_REQUIRED_FIELD", "price VAL_REQUIRED_FIELD", "currency VAL_REQUIRED_FIELD", "status VAL_REQUIRED_FIELD",
            ])
        }
    }

    @Test func skuStockAndUnknownNames_areRefusedWithVAL_INVALID_FORMAT() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("UPD-4", stock: 5))
            let error = await harness.failure { try await update(harness, UpdateProductRequest(id: id, updateMask: ["sku", "stock", "colour"])) }
            #expect(error?.code == .invalidArgument)
            let details = try statusDetails(error)
            #expect(Set(details.violations.map { "\($0.field) \($0.code)" }) == ["sku VAL_INVALID_FORMAT", "stock VAL_INVALID_FORMAT", "colour VAL_INVALID_FORMAT"])
            #expect(try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options).stock == 5)
        }
    }

    @Test func statusMayBecomeDiscontinued_andVatRateIsCheckedAgainstTodaysTable() async throws {
        try await CatalogHarness.with(now: { utc(2025, 9, 1) }) { harness in
            let id = try await harness.create(newProduct("UPD-5"))
            var request = UpdateProductRequest(id: id, updateMask: ["status", "vatRate"])
            request.status = .discontinued
            request.vatRate = dec("19")
            let details = try statusDetails(await harness.failure { try await update(harness, request) })
            #expect(details.code == "VAL_OUT_OF_RANGE" && details.violations.map(\.field) == ["vatRate"])
            request.vatRate = dec("11")
            let response = try await update(harness, request)
            #expect(response.changedFields == ["vatRate", "status"])
            #expect(response.status == .discontinued)
        }
    }

    @Test func anotherTenantsProduct_aDeletedOne_andAMalformedId_areRES_NOT_FOUND() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("UPD-6"))
            let deleted = try await harness.create(newProduct("UPD-7"))
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: deleted), options: harness.options)
            var request = UpdateProductRequest(id: id, updateMask: ["name"])
            request.name = "Stolen"
            let foreign = await harness.failure { try await harness.client.updateProduct(request, options: harness.options(tenant: UUID())) }
            #expect(foreign?.code == .notFound)
            #expect(try statusDetails(foreign).code == "RES_NOT_FOUND")
            request.id = deleted
            #expect(await harness.failure { try await update(harness, request) }?.code == .notFound)
            request.id = "42"
            #expect(await harness.failure { try await update(harness, request) }?.code == .notFound)
            #expect(try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options).name == "Product UPD-6")
        }
    }
}
