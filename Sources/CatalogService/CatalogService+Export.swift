import CatalogAPI
import CommonAPI
import Foundation
import RPCCore

extension CatalogService {
    /// Where the gateway serves an export's file; GetProductExport gives it with the job's id.
    static let exportDownloadPath = "/api/v1/products/export/%@/download"

    /// POST /products/export (003 §3.8, 202): checks the format, filters and fields, and
    /// queues the job in the transaction that stores it (`ProductExportRunner` makes the file).
    public func startProductExport(_ request: StartProductExportRequest, context: CallContext) async throws -> ProductExportJob {
        let format: ExportFileFormat
        switch request.format {
        case .csv: format = .csv
        case .json: format = .json
        case .xlsx: format = .xlsx
        case .unspecified: throw CatalogError(.requiredField, field: "format", "format is required: csv, xlsx or json")
        }
        _ = try ProductExportColumn.columns(fields: request.fields, includeImages: request.includeImages)
        let filters = try StoredExportFilters(request.filters)
        let id = try await store.transaction(context) { tx in
            let id = try await store.insertExportJob(tx, format: format.rawValue, filters: filters, fields: request.fields,
                                                     includeImages: request.includeImages)
            try await store.jobs.enqueue(tx, kind: ProductExportRunner.kind, payload: ProductExportRunner.Payload(exportId: id))
            try await store.record(tx, context, "product_export.started", .productExport, id: id.lowercased,
                                   "Started exporting products as \(format.rawValue)")
            return id
        }
        return ProductExportJob(jobId: id.lowercased, status: .queued, format: request.format)
    }

    /// GET /products/export/:jobId: the job's status, and once completed its download URL
    /// and expiry. RES_NOT_FOUND for an id the tenant lacks.
    public func getProductExport(_ request: GetProductExportRequest, context: CallContext) async throws -> ProductExportJob {
        let id = try UUID.parse(request.jobId, field: "jobId", code: .notFound)
        guard let job = try await store.transaction(context, { tx in try await store.exportJob(tx, id: id) }) else {
            throw CatalogError(.notFound, field: "jobId", "export job \(request.jobId) not found")
        }
        return ProductExportJob(job)
    }

    /// A byte range of a completed export's file. RES_NOT_FOUND while the job is not
    /// completed, RES_DELETED once the file has expired.
    public func downloadProductExport(_ request: DownloadProductExportRequest, context: CallContext) async throws -> DownloadProductExportResponse {
        let id = try UUID.parse(request.jobId, field: "jobId", code: .notFound)
        let length = request.maxBytes == 0 ? 1 << 20 : min(Int(request.maxBytes), 2 << 20)
        let offset = Int64(clamping: request.offset)
        let now = self.now().roundedToMicroseconds
        return try await store.transaction(context, isolation: .repeatableRead) { tx in
            guard let job = try await store.exportJob(tx, id: id), job.status == "completed" else {
                throw CatalogError(.notFound, field: "jobId", "export job \(request.jobId) has no file to download")
            }
            guard let expiresAt = job.expiresAt, expiresAt > now, let size = job.size else {
                throw CatalogError(.deleted, field: "jobId", "the export's file expired and was removed; start a new export")
            }
            let content = try await store.exportContent(tx, id: id, offset: offset, length: length)
            return DownloadProductExportResponse(
                content: content, contentType: job.contentType ?? "application/octet-stream", fileName: job.fileName,
                offset: UInt64(offset), totalSize: UInt64(size), expiresAt: Timestamp(expiresAt))
        }
    }
}

extension StoredExportFilters {
    /// The filters of a StartProductExport request.
    init(_ filters: ExportFilters?) throws(CatalogError) {
        guard let filters else { return }
        let category = filters.category.trimmingSpaces
        self.category = category.isEmpty ? nil : category
        switch filters.status {
        case .active: status = "active"
        case .inactive: status = "inactive"
        case .discontinued: status = "discontinued"
        case .unspecified: status = nil
        }
        if !filters.ids.isEmpty {
            var ids: [UUID] = []
            for (index, text) in filters.ids.enumerated() {
                ids.append(try UUID.parse(text, field: "filters.ids[\(index)]"))
            }
            self.ids = ids
        }
    }
}

extension ProductExportJob {
    init(_ job: ExportJobRecord) {
        let status: JobStatus = switch job.status {
        case "processing": .processing
        case "completed": .completed
        case "failed": .failed
        default: .queued
        }
        let format: ExportFormat = switch job.format {
        case "csv": .csv
        case "json": .json
        default: .xlsx
        }
        let completed = status == .completed
        self.init(
            jobId: job.id.lowercased, status: status,
            downloadUrl: completed ? String(format: CatalogService.exportDownloadPath, job.id.lowercased) : "",
            expiresAt: completed ? job.expiresAt.map { Timestamp($0) } : nil, format: format, rowCount: UInt32(clamping: job.rowCount),
            failureReason: job.failureReason)
    }
}
