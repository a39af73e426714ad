import CommonAPI
import CatalogAPI
import Foundation
import RPCCore
import Testing

/// Bulk import (003 §3.6) end to end: StartProductImport queues a job, the catalog's job
/// worker runs it, GetProductImport shows progress and row-level errors.
struct ImportJobTests {
    static let mapping = ["SKU": "sku", "Denumire": "name", "Categorie": "category", "Pret": "price", "TVA": "vatRate", "UM": "unit", "Stoc": "stock"]
    static let header = "SKU,Denumire,Categorie,Pret,TVA,UM,Stoc\n"

    @Test func tenThousandRowsWithBadOnes_reportEachBadRowByLineAndField_andImportTheRest() async throws {
        var csv = Self.header
        var expected: Set<ProductImportError> = []
        var stocked = 0
        for index in 0..<10_000 {
            let line = UInt32(index + 2)
            var name = "Șurub M\(index)"
            var price = "\"\(index % 90 + 1),50\""  // a Romanian decimal comma, so quoted
            if index % 100 == 7 {
                price = "abc"
                expected.insert(ProductImportError(row: line, field: "price", code: "VAL_INVALID_FORMAT"))
            } else if index % 250 == 3 {
                name = ""
                expected.insert(ProductImportError(row: line, field: "name", code: "VAL_REQUIRED_FIELD"))
            } else if index % 5 != 0 {
                stocked += 1
            }
            csv += "BULK-\(index),\(name),feronerie,\(price),21,buc,\(index % 5)\n"
        }
        try await CatalogHarness.with { harness in
            try await harness.withWorkers {
                let started = try await harness.client.startProductImport(
                    StartProductImportRequest(file: Array(csv.utf8), fileName: "produse.csv", mapping: Self.mapping,
                                              options: ProductImportOptions(updateExisting: false, skipInvalid: true)), options: harness.options)
                #expect(started.status == .queued)
                var seen: [UInt32] = []
                let job = try await harness.finishedImport(started.jobId) { seen.append($0.processedRows) }
                #expect(seen.contains { $0 > 0 && $0 < 10_000 }, "progress shows while the batches are written")
                #expect(job.status == .completed)
                #expect((job.totalRows, job.processedRows) == (10_000, 10_000))
                #expect((job.createdCount, job.updatedCount, job.skippedCount) == (9_860, 0, 140))
                let reported = Set(job.errors.map { ProductImportError(row: $0.row, field: $0.field, code: $0.code) })
                #expect(reported.count == job.errors.count, "one error per bad field")
                #expect(expected.subtracting(reported).sorted(by: { $0.row < $1.row }).prefix(5) == [], "bad rows not reported")
                #expect(reported.subtracting(expected).sorted(by: { $0.row < $1.row }).prefix(5) == [], "good rows reported")
                #expect(job.errors.allSatisfy { !$0.message.isEmpty })
                #expect(job.errors.map(\.row) == job.errors.map(\.row).sorted(), "errors are in file order")
            }
            #expect(try await harness.count("products") == 9_860)
            let stockIn = try await harness.pool.withTransaction(tenant: harness.tenant) { tx in
                try await tx.query("""
                    SELECT count(*) AS movements, sum(quantity)::bigint AS units FROM stock_movements
                    WHERE type = 'in' AND reference_type = 'import' AND reason = 'import'
                    """)[0]
            }
            #expect(try stockIn.decode(Int.self, column: "movements") == stocked)
            let sample = try await harness.client.listStock(ListStockRequest(sku: "BULK-9"), options: harness.options)
            #expect(sample.data.first?.totalStock == 4)
            #expect(sample.data.first?.name == "Șurub M9")
        }
    }

    @Test func aDryRun_reportsEveryProblem_andChangesNothing() async throws {
        try await CatalogHarness.with { harness in
            let existing = try await harness.makeProduct(sku: "DRY-1", stock: 5, name: "Old name")
            let csv = Self.header + "DRY-1,New name,feronerie,10,21,buc,9\nDRY-2,Nou,feronerie,-3,21,buc,1\nDRY-3,Nou,feronerie,4,21,buc,2\n"
            let products = try await harness.count("products")
            let movements = try await harness.count("stock_movements")
            try await harness.withWorkers {
                let started = try await harness.client.startProductImport(
                    StartProductImportRequest(file: Array(csv.utf8), mapping: Self.mapping,
                                              options: ProductImportOptions(updateExisting: true, skipInvalid: true, dryRun: true)),
                    options: harness.options)
                #expect(started.dryRun)
                let job = try await harness.finishedImport(started.jobId)
                #expect(job.status == .completed)
                #expect(job.dryRun)
                #expect((job.totalRows, job.processedRows, job.createdCount, job.updatedCount, job.skippedCount) == (3, 3, 0, 0, 1))
                #expect(job.errors.map(\.row) == [3])
                #expect(job.errors.map(\.field) == ["price"])
            }
            #expect(try await harness.count("products") == products)
            #expect(try await harness.count("stock_movements") == movements)
            let item = try await harness.stockItem(existing)
            #expect((item.name, item.totalStock) == ("Old name", 5))
        }
    }

    @Test func importValidatesVAT_likeCreate_theTenantsRatesOverRomaniasDefaults() async throws {
        try await CatalogHarness.with { harness in
            // A rate of the tenant's own must not hide Romania's defaults (21% stays valid).
            _ = try await harness.client.setVatRate(
                SetVatRateRequest(rate: CommonAPI.Decimal(value: "23.5"), category: .standard, validFrom: "2020-01-01", description: "tenant's own"),
                options: harness.options)
            let csv = Self.header + "VAT-1,Cheie,feronerie,10,21,buc,1\nVAT-2,Lacat,feronerie,10,23.5,buc,1\nVAT-3,Balama,feronerie,10,17,buc,1\n"
            try await harness.withWorkers {
                let started = try await harness.client.startProductImport(
                    StartProductImportRequest(file: Array(csv.utf8), mapping: Self.mapping,
                                              options: ProductImportOptions(updateExisting: false, skipInvalid: true)),
                    options: harness.options)
                let job = try await harness.finishedImport(started.jobId)
                #expect((job.createdCount, job.skippedCount) == (2, 1))
                #expect(job.errors.map(\.row) == [4])
                #expect(job.errors.map(\.field) == ["vatRate"])
            }
        }
    }

    @Test func withoutSkipInvalid_oneBadRowFailsTheImport_andNothingIsWritten() async throws {
        try await CatalogHarness.with { harness in
            let csv = Self.header + "ALL-1,Unu,feronerie,10,21,buc,1\nALL-2,Doi,feronerie,10,19,buc,1\nALL-3,Trei,feronerie,10,21,buc,1\n"
            try await harness.withWorkers {
                let started = try await harness.client.startProductImport(
                    StartProductImportRequest(file: Array(csv.utf8), mapping: Self.mapping,
                                              options: ProductImportOptions(updateExisting: false, skipInvalid: false)), options: harness.options)
                let job = try await harness.finishedImport(started.jobId)
                #expect(job.status == .failed)
                #expect(job.failureReason.contains("1 of 3 rows are invalid"))
                #expect(job.errors.map { "\($0.row) \($0.field) \($0.code)" } == ["3 vatRate VAL_OUT_OF_RANGE"])
                #expect(job.createdCount == 0)
            }
            #expect(try await harness.count("products") == 0)
            #expect(try await harness.count("stock_movements") == 0)
        }
    }

    @Test func existingSKUs_areUpdatedWithUpdateExisting_andSkippedWithout() async throws {
        try await CatalogHarness.with { harness in
            let product = try await harness.makeProduct(sku: "UPD-1", stock: 5, name: "Old name")
            let file = Array("SKU,Denumire,Pret,Stoc\nUPD-1,New name,,9\n".utf8)
            let mapping = ["SKU": "sku", "Denumire": "name", "Pret": "price", "Stoc": "stock"]
            try await harness.withWorkers {
                let skipped = try await harness.finishedImport(try await harness.client.startProductImport(
                    StartProductImportRequest(file: file, mapping: mapping, options: ProductImportOptions(updateExisting: false, skipInvalid: true)),
                    options: harness.options).jobId)
                #expect((skipped.createdCount, skipped.updatedCount, skipped.skippedCount) == (0, 0, 1))
                #expect(try await harness.stockItem(product).name == "Old name")

                let updated = try await harness.finishedImport(try await harness.client.startProductImport(
                    StartProductImportRequest(file: file, fileName: "upd.csv", mapping: mapping,
                                              options: ProductImportOptions(updateExisting: true, skipInvalid: true)),
                    options: harness.options).jobId)
                #expect((updated.createdCount, updated.updatedCount, updated.skippedCount) == (0, 1, 0))
                let item = try await harness.stockItem(product)
                #expect((item.name, item.totalStock) == ("New name", 9))
                let adjustments = try await harness.client.listStockMovements(
                    ListStockMovementsRequest(productId: product.uuidString, type: .adjustment), options: harness.options)
                #expect(adjustments.data.map(\.quantity) == [4])
                #expect(adjustments.data.first?.reference == StockMovementReference(type: .import, id: updated.jobId, name: "upd.csv"))
            }
        }
    }

    @Test func aBadRequestOrAMappingThatDoesNotFitTheHeader_isRefusedAtOnce() async throws {
        try await CatalogHarness.with { harness in
            let csv = Array((Self.header + "A,B,c,1,21,buc,1\n").utf8)
            let options = ProductImportOptions(updateExisting: false, skipInvalid: true)
            let cases: [(StartProductImportRequest, String, String)] = [
                (StartProductImportRequest(file: csv, mapping: ["SKU": "sku", "Culoare": "name"], options: options), "VAL_REFERENCE_INVALID", "mapping.Culoare"),
                (StartProductImportRequest(file: csv, mapping: ["SKU": "sku", "Pret": "pret"], options: options), "VAL_INVALID_ENUM", "mapping.Pret"),
                (StartProductImportRequest(file: csv, mapping: ["Denumire": "name"], options: options), "VAL_REQUIRED_FIELD", "mapping"),
                (StartProductImportRequest(file: [0x50, 0x4B, 0x03, 0x04, 0x14], mapping: Self.mapping, options: options), "VAL_INVALID_FORMAT", "file"),
                (StartProductImportRequest(file: [], mapping: Self.mapping, options: options), "VAL_REQUIRED_FIELD", "file"),
                (StartProductImportRequest(file: csv, mapping: Self.mapping), "VAL_REQUIRED_FIELD", "options"),
            ]
            for (request, code, field) in cases {
                let error = await #expect(throws: RPCError.self) { _ = try await harness.client.startProductImport(request, options: harness.options) }
                #expect(seedCode(error) == code, "\(field)")
                #expect(seedField(error) == field)
            }
            let jobs = try await harness.count("import_jobs")
            #expect(jobs == 0)
        }
    }

    @Test func anotherTenantsImport_isNotFound() async throws {
        try await CatalogHarness.with { harness in
            let started = try await harness.client.startProductImport(
                StartProductImportRequest(file: Array((Self.header + "T-1,Unu,c,1,21,buc,1\n").utf8), mapping: Self.mapping,
                                          options: ProductImportOptions(updateExisting: false, skipInvalid: true)), options: harness.options)
            let mine = try await harness.client.getProductImport(GetProductImportRequest(jobId: started.jobId), options: harness.options)
            #expect(mine.jobId == started.jobId)
            let error = await #expect(throws: RPCError.self) {
                _ = try await harness.client.getProductImport(GetProductImportRequest(jobId: started.jobId), options: harness.options(tenant: UUID()))
            }
            #expect(seedCode(error) == "RES_NOT_FOUND")
        }
    }
}

extension ProductImportError {
    init(row: UInt32, field: String, code: String) {
        self.init(row: row, field: field, message: "", code: code)
    }
}

extension CatalogHarness {
    /// Polls GetProductImport until the job is completed or failed, showing `observe`
    /// each answer while it runs.
    func finishedImport(_ jobId: String, observe: (ProductImportJob) -> Void = { _ in }) async throws -> ProductImportJob {
        var job = ProductImportJob()
        try await eventually(timeout: .seconds(120), "import \(jobId) finished") {
            job = try await client.getProductImport(GetProductImportRequest(jobId: jobId), options: options)
            if job.status == .processing { observe(job) }
            return job.status == .completed || job.status == .failed
        }
        return job
    }
}
