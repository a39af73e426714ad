import Foundation
import Postgres

/// Which products an export covers (003 §3.8 `filters`), as `export_jobs.filters` keeps it.
struct StoredExportFilters: Codable, Sendable, Hashable {
    var category: String?
    var status: String?
    var ids: [UUID]?
}

/// An export job's row, without its content.
struct ExportJobRecord: Sendable {
    var id: UUID
    var status: String
    var format: String
    var filters: StoredExportFilters
    var fields: [String]
    var includeImages: Bool
    var rowCount: Int
    var fileName: String
    var failureReason: String
    var contentType: String?
    var expiresAt: Date?
    var size: Int64?
}

extension CatalogStore {
    /// Stores a new export job, queued; returns its id.
    func insertExportJob(_ tx: PGTransaction, format: String, filters: StoredExportFilters, fields: [String],
                         includeImages: Bool) async throws -> UUID {
        try await tx.query("""
            INSERT INTO export_jobs (tenant_id, format, filters, fields, include_images)
            VALUES (\(tx.tenant)::uuid, \(format), \(PGJSON(filters))::jsonb, \(fields), \(includeImages))
            RETURNING id
            """)[0].decode(UUID.self, column: "id")
    }

    /// The export job with `id`, its row locked when `lock`.
    func exportJob(_ tx: PGTransaction, id: UUID, lock: Bool = false) async throws -> ExportJobRecord? {
        let locking: PGQuery = lock ? "FOR UPDATE" : ""
        guard let row = try await tx.query("""
            SELECT id, status, format, filters::text AS filters, fields, include_images, row_count, file_name, failure_reason,
                   content_type, expires_at, octet_length(content)::bigint AS size
            FROM export_jobs WHERE id = \(id) \(fragment: locking)
            """).first else { return nil }
        return ExportJobRecord(
            id: try row.decode(UUID.self, column: "id"), status: try row.decode(String.self, column: "status"),
            format: try row.decode(String.self, column: "format"),
            filters: try row.decode(PGJSON<StoredExportFilters>.self, column: "filters").value,
            fields: try row.decode([String].self, column: "fields"), includeImages: try row.decode(Bool.self, column: "include_images"),
            rowCount: try row.decode(Int.self, column: "row_count"), fileName: try row.decode(String.self, column: "file_name"),
            failureReason: try row.decode(String.self, column: "failure_reason"),
            contentType: try row.decode(String?.self, column: "content_type"), expiresAt: try row.decode(Date?.self, column: "expires_at"),
            size: try row.decode(Int64?.self, column: "size"))
    }

    /// Marks an export processing.
    func markExportProcessing(_ tx: PGTransaction, id: UUID) async throws {
        try await tx.query("UPDATE export_jobs SET status = 'processing' WHERE id = \(id) AND status = 'queued'")
    }

    /// The live products `filters` selects, by SKU.
    func exportedProducts(_ tx: PGTransaction, filters: StoredExportFilters) async throws -> [ExportedProduct] {
        var query: PGQuery = """
            SELECT id, sku, name, description, short_description, category, subcategory, price, currency, vat_rate, cost_price,
                   unit, weight, stock, min_stock, reorder_point, tags, status, thumbnail_url, created_at, updated_at
            FROM products WHERE deleted_at IS NULL
            """
        if let category = filters.category { query.append(" AND category = \(category)") }
        if let status = filters.status { query.append(" AND status = \(status)") }
        if let ids = filters.ids { query.append(" AND id = ANY(\(ids))") }
        query.append(" ORDER BY sku")
        return try await tx.query(query).map { row in
            let values = ProductValues(
                name: try row.decode(String.self, column: "name"), description: try row.decode(String.self, column: "description"),
                shortDescription: try row.decode(String.self, column: "short_description"),
                category: try row.decode(String.self, column: "category"), subcategory: try row.decode(String?.self, column: "subcategory"),
                price: try row.decode(Decimal.self, column: "price"),
                currency: ProductValues.Currency(rawValue: try row.decode(String.self, column: "currency")) ?? .ron,
                vatRate: try row.decode(Decimal.self, column: "vat_rate"), costPrice: try row.decode(Decimal?.self, column: "cost_price"),
                unit: try row.decode(String.self, column: "unit"), weight: try row.decode(Decimal?.self, column: "weight"),
                minStock: try row.decode(Int64.self, column: "min_stock"), reorderPoint: try row.decode(Int64.self, column: "reorder_point"),
                tags: try row.decode([String].self, column: "tags"),
                status: ProductValues.Status(rawValue: try row.decode(String.self, column: "status")) ?? .active)
            return ExportedProduct(
                id: try row.decode(UUID.self, column: "id").lowercased, sku: try row.decode(String.self, column: "sku"), values: values,
                stock: try row.decode(Int64.self, column: "stock"), createdAt: try row.decode(Date.self, column: "created_at"),
                updatedAt: try row.decode(Date.self, column: "updated_at"),
                imageURLs: try row.decode(String?.self, column: "thumbnail_url").map { [$0] } ?? [])
        }
    }

    /// Stores a finished export's file.
    func completeExport(_ tx: PGTransaction, id: UUID, content: [UInt8], contentType: String, fileName: String, rowCount: Int,
                        expiresAt: Date) async throws {
        try await tx.query("""
            UPDATE export_jobs
            SET status = 'completed', content = \(content), content_type = \(contentType), file_name = \(fileName),
                row_count = \(rowCount), expires_at = \(expiresAt), finished_at = now()
            WHERE id = \(id)
            """)
    }

    /// Ends an export as failed.
    func failExport(_ tx: PGTransaction, id: UUID, reason: String) async throws {
        try await tx.query("UPDATE export_jobs SET status = 'failed', failure_reason = \(reason), finished_at = now() WHERE id = \(id)")
    }

    /// Up to `length` bytes of an export's file from `offset`; empty past its end.
    func exportContent(_ tx: PGTransaction, id: UUID, offset: Int64, length: Int) async throws -> [UInt8] {
        guard offset < Int64(Int32.max) else { return [] }
        return try await tx.query("""
            SELECT substring(content FROM \(Int32(offset + 1)) FOR \(Int32(length))) AS part FROM export_jobs WHERE id = \(id)
            """).first?.decode([UInt8]?.self, column: "part") ?? []
    }

    /// Removes an export's file (it expired); the job's record stays.
    func dropExportContent(_ tx: PGTransaction, id: UUID) async throws {
        try await tx.query("UPDATE export_jobs SET content = NULL WHERE id = \(id)")
    }
}
