@testable import CatalogService
import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// Export (003 §3.8) end to end: StartProductExport queues a job, the worker writes the
/// file, GetProductExport gives its URL and expiry, DownloadProductExport serves byte ranges
/// until the file expires.
struct ExportJobTests {
    @Test func csvJsonAndXlsx_holdTheSelectedProducts_andDownloadInRanges() async throws {
        try await CatalogHarness.with { harness in
            for (sku, category, stock) in [("EX-2", "tools", 7), ("EX-1", "tools", 3), ("EX-3", "tools", 0), ("EX-9", "paint", 1)] {
                try await harness.makeProduct(sku: sku, stock: Int64(stock), category: category, name: "Șurub \(sku)")
            }
            try await harness.withWorkers {
                let filters = ExportFilters(category: "tools")
                let fields = ["sku", "name", "price", "stock"]

                let csv = try await harness.finishedExport(StartProductExportRequest(format: .csv, filters: filters, fields: fields))
                #expect(csv.status == .completed)
                #expect(csv.rowCount == 3)
                #expect(csv.downloadUrl == "/api/v1/products/export/\(csv.jobId)/download")
                let expiresIn = try #require(csv.expiresAt).instant.timeIntervalSinceNow
                #expect(abs(expiresIn - 3600) < 60)
                let (csvBytes, first) = try await harness.download(csv.jobId, rangeSize: 10)
                #expect(first.contentType == "text/csv; charset=utf-8")
                #expect(first.fileName.hasPrefix("products-") && first.fileName.hasSuffix(".csv"))
                #expect(first.totalSize == UInt64(csvBytes.count))
                let records = try CSVReader.records(in: csvBytes).map { try $0.get().fields }
                #expect(records == [fields, ["EX-1", "Șurub EX-1", "10", "3"], ["EX-2", "Șurub EX-2", "10", "7"], ["EX-3", "Șurub EX-3", "10", "0"]])

                let json = try await harness.finishedExport(StartProductExportRequest(format: .json, filters: filters, fields: ["sku", "price"]))
                let (jsonBytes, jsonFirst) = try await harness.download(json.jobId, rangeSize: 0)
                #expect(jsonFirst.contentType == "application/json")
                let objects = try #require(try JSONSerialization.jsonObject(with: Data(jsonBytes)) as? [[String: Any]])
                #expect(objects.map { $0["sku"] as? String } == ["EX-1", "EX-2", "EX-3"])
                #expect(objects.first?["price"] as? Int == 10, "prices are JSON numbers")

                let xlsx = try await harness.finishedExport(
                    StartProductExportRequest(format: .xlsx, filters: ExportFilters(status: .active), includeImages: true))
                #expect(xlsx.rowCount == 4)
                let (xlsxBytes, xlsxFirst) = try await harness.download(xlsx.jobId, rangeSize: 777)
                #expect(xlsxFirst.contentType == XLSXWriter.contentType)
                let zip = try ZipInspector(xlsxBytes)
                let sheet = String(decoding: try #require(zip.entries.first { $0.name == "xl/worksheets/sheet1.xml" }).contents, as: UTF8.self)
                #expect(sheet.contains("EX-9"))
                #expect(sheet.contains(">images<"), "includeImages adds the images column")

                let byIds = try await harness.finishedExport(StartProductExportRequest(format: .csv, filters: ExportFilters(ids: [])))
                #expect(byIds.rowCount == 4)
            }
        }
    }

    @Test func aDownloadAfterExpiry_isDeleted_andTheExpiryJobRemovesTheFile() async throws {
        let clock = TestClock()
        try await CatalogHarness.with(now: clock.reading) { harness in
            try await harness.makeProduct(sku: "EXP-X", stock: 1)
            try await harness.withWorkers(now: clock.reading) {
                let job = try await harness.finishedExport(StartProductExportRequest(format: .csv))
                _ = try await harness.download(job.jobId, rangeSize: 0)

                clock.advance(3601)
                let error = await #expect(throws: RPCError.self) {
                    _ = try await harness.client.downloadProductExport(DownloadProductExportRequest(jobId: job.jobId), options: harness.options)
                }
                #expect(seedCode(error) == "RES_DELETED")
                #expect(error?.code == .notFound)
                #expect(try await harness.client.getProductExport(GetProductExportRequest(jobId: job.jobId), options: harness.options).status == .completed)

                // The expiry job is due an hour after the export by the database's clock: bring it forward.
                try await harness.pool.query("""
                    UPDATE catalog.jobs SET run_at = now() WHERE kind = 'catalog.product-export-expiry' AND lower(payload->>'exportId') = \(job.jobId)
                    """)
                try await harness.pool.query("SELECT pg_notify('catalog_jobs', 'test')")
                try await eventually("the expired file is removed") {
                    try await harness.pool.withTransaction(tenant: harness.tenant) { tx in
                        try await tx.query("SELECT content IS NULL AS gone FROM export_jobs WHERE id = \(UUID(uuidString: job.jobId)!)")[0]
                            .decode(Bool.self, column: "gone")
                    }
                }
            }
        }
    }

    @Test func aJobNotYetCompleted_hasNoFile_andAnotherTenantsJobIsNotFound() async throws {
        try await CatalogHarness.with { harness in
            // A job row no worker will pick up (nothing was enqueued for it).
            let pending = try await harness.pool.withTransaction(tenant: harness.tenant) { tx in
                try await tx.query("INSERT INTO export_jobs (tenant_id, format) VALUES (\(harness.tenant), 'csv') RETURNING id")[0]
                    .decode(UUID.self, column: "id").uuidString.lowercased()
            }
            let job = try await harness.client.getProductExport(GetProductExportRequest(jobId: pending), options: harness.options)
            #expect(job.status == .queued)
            #expect(job.downloadUrl.isEmpty && job.expiresAt == nil)
            let notReady = await #expect(throws: RPCError.self) {
                _ = try await harness.client.downloadProductExport(DownloadProductExportRequest(jobId: pending), options: harness.options)
            }
            #expect(seedCode(notReady) == "RES_NOT_FOUND")
            let otherTenant = await #expect(throws: RPCError.self) {
                _ = try await harness.client.getProductExport(GetProductExportRequest(jobId: pending), options: harness.options(tenant: UUID()))
            }
            #expect(seedCode(otherTenant) == "RES_NOT_FOUND")
        }
    }

    @Test func unknownFieldsFormatsAndIds_areRefused() async throws {
        try await CatalogHarness.with { harness in
            let cases: [(StartProductExportRequest, String, String)] = [
                (StartProductExportRequest(fields: ["sku"]), "VAL_REQUIRED_FIELD", "format"),
                (StartProductExportRequest(format: .csv, fields: ["sku", "colour"]), "VAL_INVALID_ENUM", "fields[1]"),
                (StartProductExportRequest(format: .csv, fields: ["sku", "sku"]), "VAL_DUPLICATE", "fields[1]"),
                (StartProductExportRequest(format: .csv, filters: ExportFilters(ids: ["x"])), "VAL_INVALID_FORMAT", "filters.ids[0]"),
            ]
            for (request, code, field) in cases {
                let error = await #expect(throws: RPCError.self) { _ = try await harness.client.startProductExport(request, options: harness.options) }
                #expect(seedCode(error) == code, "\(field)")
                #expect(seedField(error) == field)
            }
        }
    }
}

extension CatalogHarness {
    /// Starts an export and polls GetProductExport until it is completed or failed.
    func finishedExport(_ request: StartProductExportRequest) async throws -> ProductExportJob {
        let started = try await client.startProductExport(request, options: options)
        #expect(started.status == .queued)
        var job = ProductExportJob()
        try await eventually(timeout: .seconds(60), "export \(started.jobId) finished") {
            job = try await client.getProductExport(GetProductExportRequest(jobId: started.jobId), options: options)
            return job.status == .completed || job.status == .failed
        }
        return job
    }

    /// The whole file, read in ranges of `rangeSize` bytes (0: the default), and the first answer.
    func download(_ jobId: String, rangeSize: UInt32) async throws -> ([UInt8], DownloadProductExportResponse) {
        var bytes: [UInt8] = []
        var first: DownloadProductExportResponse?
        while true {
            let part = try await client.downloadProductExport(
                DownloadProductExportRequest(jobId: jobId, offset: UInt64(bytes.count), maxBytes: rangeSize), options: options)
            #expect(part.offset == UInt64(bytes.count))
            if first == nil { first = part }
            if part.content.isEmpty { break }
            bytes += part.content
        }
        return (bytes, try #require(first))
    }
}
