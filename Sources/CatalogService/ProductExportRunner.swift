import Foundation
import Postgres
import ServiceKit

/// Carries out an export job (003 §3.8) for the job worker: reads the products the filters
/// select, writes them as CSV, JSON or XLSX, stores the file with its expiry, and queues the
/// job that removes the file when it expires. Idempotent: a finished export is left alone.
struct ProductExportRunner: Sendable {
    /// The job kind that makes the file.
    static let kind = "catalog.product-export"
    /// The job kind that removes an expired file.
    static let expiryKind = "catalog.product-export-expiry"
    /// How long a file can be downloaded.
    static let lifetime: TimeInterval = 3600

    /// Both jobs' payload.
    struct Payload: Codable, Sendable {
        var exportId: UUID
    }

    let store: CatalogStore
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        guard let exportId = try? context.job.payload(as: Payload.self).exportId else {
            throw PermanentJobFailure("the payload names no job")
        }
        guard let job = try await context.transaction({ tx in try await store.exportJob(tx, id: exportId) }) else {
            throw PermanentJobFailure("export job \(exportId) does not exist")
        }
        guard job.status == "queued" || job.status == "processing", let format = ExportFileFormat(rawValue: job.format) else { return }
        try await context.transaction { tx in try await store.markExportProcessing(tx, id: exportId) }
        let products = try await context.transaction(isolation: .repeatableRead) { tx in
            try await store.exportedProducts(tx, filters: job.filters)
        }
        let content: [UInt8]
        do throws(CatalogError) {
            let columns = try ProductExportColumn.columns(fields: job.fields, includeImages: job.includeImages)
            content = try format.write(ExportedProduct.table(products, columns: columns))
        } catch {
            try await context.transaction { tx in try await store.failExport(tx, id: exportId, reason: error.message) }
            return
        }
        let finished = now()
        let expiresAt = finished.addingTimeInterval(Self.lifetime)
        try await context.transaction { tx in
            try await store.completeExport(tx, id: exportId, content: content, contentType: format.contentType,
                                           fileName: "products-\(CalendarDay(finished)).\(format.rawValue)", rowCount: products.count,
                                           expiresAt: expiresAt)
            try await store.jobs.enqueue(tx, kind: Self.expiryKind, payload: Payload(exportId: exportId), runAt: expiresAt)
        }
    }

    /// Removes the file of an export that expired.
    func expire(_ context: JobContext) async throws {
        guard let exportId = try? context.job.payload(as: Payload.self).exportId else {
            throw PermanentJobFailure("the payload names no job")
        }
        try await context.transaction { tx in try await store.dropExportContent(tx, id: exportId) }
    }
}

/// The file formats of an export, as `export_jobs.format` spells them.
enum ExportFileFormat: String, Sendable {
    case csv, json, xlsx

    var contentType: String {
        switch self {
        case .csv: CSVWriter.contentType
        case .json: JSONExportWriter.contentType
        case .xlsx: XLSXWriter.contentType
        }
    }

    func write(_ table: ExportTable) throws(CatalogError) -> [UInt8] {
        switch self {
        case .csv: CSVWriter.write(table)
        case .json: JSONExportWriter.write(table)
        case .xlsx: try XLSXWriter.write(table)
        }
    }
}
