import CatalogAPI
import CommonAPI
import RPCCore
import Testing

/// The generated contract says what the seed says: JSON names, enum spellings, required
/// fields and retry safety, and presence survives the wire.
@Suite struct CatalogContractTests {
    let registry = CatalogMetadata.registry

    func message(_ name: String) throws -> MessageSchema {
        try #require(registry.messages["cerniq.catalog.v1." + name])
    }

    func decode<T: ProtoMessage>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try T(decoding: $0) }
    }

    @Test func jsonNamesAreTheSeedsCamelCase() throws {
        let detail = try message("ProductDetail")
        for name in ["priceWithVat", "costPrice", "availableStock", "reservedStock", "reorderPoint", "shortDescription",
                     "relatedProducts", "pricingRules", "createdBy"] {
            #expect(detail.field(jsonName: name) != nil, "\(name)")
        }
        #expect(try message("CreateProductRequest").field(jsonName: "indexForRAG")?.name == "index_for_rag")
        #expect(try message("UpdateProductRequest").field(jsonName: "reindexForRAG")?.name == "reindex_for_rag")
        #expect(try message("StockItem").field(jsonName: "statusLabel") != nil)
    }

    @Test func enumsUseTheSeedsSpellings() throws {
        func spellings(_ name: String) throws -> [String] {
            try #require(registry.enums["cerniq.catalog.v1." + name]).values.dropFirst().map(\.json)
        }
        #expect(try spellings("Currency") == ["RON", "EUR", "USD"])
        #expect(try spellings("ProductStatus") == ["active", "inactive", "discontinued"])
        #expect(try spellings("StockStatus") == ["in_stock", "low_stock", "out_of_stock", "reserved"])
        #expect(try spellings("StockMovementType") == ["in", "out", "adjustment", "reservation", "release"])
        #expect(try spellings("ProductSortField") == ["name", "sku", "price", "stock", "createdAt"])
        #expect(try spellings("ExportFormat") == ["csv", "xlsx", "json"])
        #expect(try spellings("JobStatus") == ["queued", "processing", "completed", "failed"])
        #expect(try spellings("CursorDirection") == ["forward", "backward"])
    }

    @Test func seedRequiredRequestFieldsAreMarkedRequired() throws {
        let create = try message("CreateProductRequest")
        let required = Set(create.fields.filter(\.required).map(\.jsonName))
        #expect(required == ["sku", "name", "category", "price", "vatRate", "unit"])
        let adjust = try message("AdjustStockRequest")
        #expect(Set(adjust.fields.filter(\.required).map(\.jsonName)) == ["productId", "type", "quantity", "reason"])
    }

    @Test func onlyReadsAndTrulyIdempotentWritesAreRetryable() throws {
        let service = try #require(registry.services["cerniq.catalog.v1.CatalogService"])
        let retryable = Set(service.methods.filter(\.idempotent).map(\.name))
        #expect(retryable == [
            "ListProducts", "GetProduct", "GetProductImport", "SearchProducts", "GetProductExport", "DownloadProductExport",
            "ListStock", "ListStockMovements", "ListVatRates", "SetRelatedProducts", "ReleaseReservation", "SetVatRate",
        ])
        #expect(service.methods.count == 19)
    }

    @Test func presenceSurvivesTheWire_nullCostAndZeroVatAreDistinct() throws {
        var request = UpdateProductRequest(id: "p1", updateMask: ["costPrice", "vatRate"])
        request.vatRate = Decimal(value: "0")
        let decoded = try decode(UpdateProductRequest.self, request.encoded())
        #expect(decoded.updateMask == ["costPrice", "vatRate"])
        #expect(decoded.costPrice == nil)            // in the mask and absent: set to null
        #expect(decoded.vatRate?.value == "0")       // present at zero: 0% VAT, not "absent"
        #expect(decoded.price == nil)                // not in the mask: unchanged
    }

    @Test func indexForRAGDistinguishesAbsentFromFalse() throws {
        let absent = try decode(CreateProductRequest.self, CreateProductRequest(sku: "A").encoded())
        #expect(absent.indexForRagChoice == nil)
        let no = try decode(CreateProductRequest.self, CreateProductRequest(sku: "A", indexForRagChoice: .indexForRag(false)).encoded())
        #expect(no.indexForRagChoice == .indexForRag(false))
    }
}
