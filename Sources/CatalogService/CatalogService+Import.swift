import CatalogAPI
import Foundation
import RPCCore
import ServiceKit

extension CatalogService {
    /// POST /products/import (003 §3.6, 202): checks the request and the file's header
    /// against the mapping, stores the file and queues the job in one transaction, and
    /// answers with the job queued. The job worker does the rest (`ProductImportRunner`).
    public func startProductImport(_ request: StartProductImportRequest, context: CallContext) async throws -> ProductImportJob {
        guard !request.file.isEmpty else { throw CatalogError(.requiredField, field: "file", "file is required") }
        if Self.isSpreadsheetWorkbook(request.file) {
            throw CatalogError(.invalidFormat, field: "file", "Excel files are not supported: save the sheet as CSV (UTF-8) and upload that")
        }
        guard !request.mapping.isEmpty else { throw CatalogError(.requiredField, field: "mapping", "mapping is required") }
        guard let options = request.options else { throw CatalogError(.requiredField, field: "options", "options is required") }
        try Self.checkHeader(of: request.file, mapping: request.mapping)
        let fileName = try Self.text(request.fileName, field: "fileName", max: 255)
        let actor = StockActor(context)
        let id = try await store.transaction(context) { tx in
            let id = try await store.insertImportJob(
                tx, file: request.file, fileName: fileName, mapping: request.mapping, updateExisting: options.updateExisting,
                skipInvalid: options.skipInvalid, dryRun: options.dryRun, createdBy: actor.kind == .user ? actor.id : "")
            try await store.jobs.enqueue(tx, kind: ProductImportRunner.kind, payload: ProductImportRunner.Payload(importId: id))
            let file = fileName.isEmpty ? "a file" : fileName
            try await store.record(tx, context, "product_import.started", .productImport, id: id.lowercased,
                                   "Started importing products from \(file)\(options.dryRun ? " (dry run)" : "")")
            return id
        }
        return ProductImportJob(jobId: id.lowercased, status: .queued, dryRun: options.dryRun)
    }

    /// GET /products/import/:jobId (003 §3.6): status, progress and row-level errors.
    public func getProductImport(_ request: GetProductImportRequest, context: CallContext) async throws -> ProductImportJob {
        let id = try UUID.parse(request.jobId, field: "jobId", code: .notFound)
        guard let job = try await store.transaction(context, { tx in try await store.importJob(tx, id: id) }) else {
            throw CatalogError(.notFound, field: "jobId", "import job \(request.jobId) not found")
        }
        return ProductImportJob(job)
    }

    /// Whether `bytes` start as an .xlsx (a ZIP) or an .xls (an OLE2 compound file) does.
    static func isSpreadsheetWorkbook(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// Reads the file's first record and resolves the mapping against it, so a mapping that
    /// does not fit the file is refused now (VAL_* naming `mapping.<column>`), not by a job.
    static func checkHeader(of file: [UInt8], mapping: [String: String]) throws {
        var reader = CSVReader()
        var offset = 0
        var first: Result<CSVRecord, CSVReadError>?
        while first == nil, offset < file.count {
            let end = min(offset + 4096, file.count)
            reader.append(file[offset..<end])
            offset = end
            first = reader.nextResult()
        }
        if first == nil {
            reader.finish()
            first = reader.nextResult()
        }
        switch first {
        case nil:
            throw CatalogError(.requiredField, field: "file", "the file is empty")
        case .failure(let error)?:
            throw CatalogError(.invalidFormat, field: "file", "the header (line \(error.line)) is not valid CSV: \(error.message)")
        case .success(let header)?:
            do throws(ProductImportMapping.Invalid) {
                _ = try ProductImportMapping(mapping: mapping, header: header.fields, headerLine: header.line)
            } catch {
                throw SeedError.validation(error.issues.map { SeedError.Violation(field: $0.field, code: $0.code.rawValue, message: $0.message) })
            }
        }
    }
}

extension ProductImportJob {
    init(_ job: ImportJobRecord) {
        let status: JobStatus = switch job.status {
        case "processing": .processing
        case "completed": .completed
        case "failed": .failed
        default: .queued
        }
        self.init(
            jobId: job.id.lowercased, status: status, totalRows: UInt32(clamping: job.totalRows),
            processedRows: UInt32(clamping: job.processedRows), createdCount: UInt32(clamping: job.createdCount),
            updatedCount: UInt32(clamping: job.updatedCount), skippedCount: UInt32(clamping: job.skippedCount),
            errors: job.errors.map { ProductImportError(row: UInt32(clamping: $0.row), field: $0.field, message: $0.message, code: $0.code) },
            dryRun: job.dryRun, failureReason: job.failureReason)
    }
}
