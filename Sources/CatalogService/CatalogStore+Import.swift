import Foundation
import Postgres

/// An import job's row (003 §3.6), its file included when asked for.
struct ImportJobRecord: Sendable {
    var id: UUID
    var status: String
    var dryRun: Bool
    var file: [UInt8]?
    var fileName: String
    var mapping: [String: String]
    var updateExisting: Bool
    var skipInvalid: Bool
    var totalRows: Int
    var processedRows: Int
    var createdCount: Int
    var updatedCount: Int
    var skippedCount: Int
    var errors: [StoredImportIssue]
    var failureReason: String
    var createdBy: String
}

/// An import issue as `import_jobs.errors` keeps it.
struct StoredImportIssue: Codable, Sendable, Hashable {
    var row: Int
    var field: String
    var message: String
    var code: String

    init(_ issue: ProductImportIssue) {
        self.init(row: issue.row, field: issue.field, message: issue.message, code: issue.code.rawValue)
    }

    init(row: Int, field: String, message: String, code: String) {
        self.row = row
        self.field = field
        self.message = message
        self.code = code
    }
}

/// An import's counters.
struct ImportProgress: Sendable, Hashable {
    var processedRows = 0
    var createdCount = 0
    var updatedCount = 0
    var skippedCount = 0
}

extension CatalogStore {
    /// Stores a new import job, queued; returns its id.
    func insertImportJob(_ tx: PGTransaction, file: [UInt8], fileName: String, mapping: [String: String],
                         updateExisting: Bool, skipInvalid: Bool, dryRun: Bool, createdBy: String) async throws -> UUID {
        try await tx.query("""
            INSERT INTO import_jobs (tenant_id, dry_run, file, file_name, mapping, update_existing, skip_invalid, created_by)
            VALUES (\(tx.tenant)::uuid, \(dryRun), \(file), \(fileName), \(PGJSON(mapping))::jsonb, \(updateExisting), \(skipInvalid), \(createdBy))
            RETURNING id
            """)[0].decode(UUID.self, column: "id")
    }

    /// The import job with `id`; its file only when `withFile`, its row locked when `lock`.
    func importJob(_ tx: PGTransaction, id: UUID, withFile: Bool = false, lock: Bool = false) async throws -> ImportJobRecord? {
        let file: PGQuery = withFile ? "file" : "NULL::bytea AS file"
        let locking: PGQuery = lock ? "FOR UPDATE" : ""
        guard let row = try await tx.query("""
            SELECT id, status, dry_run, \(fragment: file), file_name, mapping::text AS mapping, update_existing, skip_invalid,
                   total_rows, processed_rows, created_count, updated_count, skipped_count, errors::text AS errors,
                   failure_reason, created_by
            FROM import_jobs WHERE id = \(id) \(fragment: locking)
            """).first else { return nil }
        return ImportJobRecord(
            id: try row.decode(UUID.self, column: "id"), status: try row.decode(String.self, column: "status"),
            dryRun: try row.decode(Bool.self, column: "dry_run"), file: try row.decode([UInt8]?.self, column: "file"),
            fileName: try row.decode(String.self, column: "file_name"),
            mapping: try row.decode(PGJSON<[String: String]>.self, column: "mapping").value,
            updateExisting: try row.decode(Bool.self, column: "update_existing"), skipInvalid: try row.decode(Bool.self, column: "skip_invalid"),
            totalRows: try row.decode(Int.self, column: "total_rows"), processedRows: try row.decode(Int.self, column: "processed_rows"),
            createdCount: try row.decode(Int.self, column: "created_count"), updatedCount: try row.decode(Int.self, column: "updated_count"),
            skippedCount: try row.decode(Int.self, column: "skipped_count"),
            errors: try row.decode(PGJSON<[StoredImportIssue]>.self, column: "errors").value,
            failureReason: try row.decode(String.self, column: "failure_reason"), createdBy: try row.decode(String.self, column: "created_by"))
    }

    /// Marks a queued import processing: a worker has it.
    func markImportProcessing(_ tx: PGTransaction, id: UUID) async throws {
        try await tx.query("UPDATE import_jobs SET status = 'processing', updated_at = now() WHERE id = \(id) AND status = 'queued'")
    }

    /// Records an import's row count and every problem found, before its rows are written.
    func startImport(_ tx: PGTransaction, id: UUID, totalRows: Int, errors: [StoredImportIssue]) async throws {
        try await tx.query("""
            UPDATE import_jobs SET status = 'processing', total_rows = \(totalRows), errors = \(PGJSON(errors))::jsonb, updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// Records how far an import has got.
    func recordImportProgress(_ tx: PGTransaction, id: UUID, _ progress: ImportProgress) async throws {
        try await tx.query("""
            UPDATE import_jobs SET processed_rows = \(progress.processedRows), created_count = \(progress.createdCount),
                   updated_count = \(progress.updatedCount), skipped_count = \(progress.skippedCount), updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// Ends an import as completed or failed, with its final counters and problems; the
    /// file is dropped, its job done.
    func finishImport(_ tx: PGTransaction, id: UUID, failed: Bool, reason: String, totalRows: Int, progress: ImportProgress,
                      errors: [StoredImportIssue]) async throws {
        try await tx.query("""
            UPDATE import_jobs
            SET status = \(failed ? "failed" : "completed"), failure_reason = \(reason), total_rows = \(totalRows),
                processed_rows = \(progress.processedRows), created_count = \(progress.createdCount),
                updated_count = \(progress.updatedCount), skipped_count = \(progress.skippedCount),
                errors = \(PGJSON(errors))::jsonb, file = NULL, finished_at = now(), updated_at = now()
            WHERE id = \(id)
            """)
    }

    /// Which of `skus` name live products of the tenant.
    func existingSKUs(_ tx: PGTransaction, among skus: [String]) async throws -> Set<String> {
        guard !skus.isEmpty else { return [] }
        return Set(try await tx.query("SELECT sku FROM products WHERE sku = ANY(\(skus)) AND deleted_at IS NULL")
            .map { try $0.decode(String.self, column: "sku") })
    }

    /// Inserts a product from an import row; returns its id.
    func insertImportedProduct(_ tx: PGTransaction, sku: String, values: ProductValues, stock: Int64, createdBy: String) async throws -> UUID {
        try await tx.query("""
            INSERT INTO products (tenant_id, sku, name, description, short_description, category, subcategory, price, currency,
                                  vat_rate, cost_price, unit, weight, stock, min_stock, reorder_point, tags, status, created_by)
            VALUES (\(tx.tenant)::uuid, \(sku), \(values.name), \(values.description), \(values.shortDescription), \(values.category),
                    \(values.subcategory), \(values.price), \(values.currency.rawValue), \(values.vatRate), \(values.costPrice),
                    \(values.unit), \(values.weight), \(stock), \(values.minStock), \(values.reorderPoint), \(values.tags),
                    \(values.status.rawValue), \(createdBy))
            RETURNING id
            """)[0].decode(UUID.self, column: "id")
    }

    /// Gives the live product with the row's SKU the row's non-empty fields, its row locked
    /// first; returns its id and stock before and after, or nil when it no longer exists.
    func updateImportedProduct(_ tx: PGTransaction, _ row: ProductImportRow) async throws -> (id: UUID, previousStock: Int64, newStock: Int64)? {
        guard let locked = try await tx.query("""
            SELECT id, stock FROM products WHERE sku = \(row.sku) AND deleted_at IS NULL FOR UPDATE
            """).first else { return nil }
        let id = try locked.decode(UUID.self, column: "id")
        let previous = try locked.decode(Int64.self, column: "stock")
        try await tx.query("""
            UPDATE products SET
                name = coalesce(\(row.name), name), description = coalesce(\(row.description), description),
                short_description = coalesce(\(row.shortDescription), short_description), category = coalesce(\(row.category), category),
                subcategory = coalesce(\(row.subcategory), subcategory), price = coalesce(\(row.price), price),
                currency = coalesce(\(row.currency?.rawValue), currency), vat_rate = coalesce(\(row.vatRate), vat_rate),
                cost_price = coalesce(\(row.costPrice), cost_price), unit = coalesce(\(row.unit), unit),
                weight = coalesce(\(row.weight), weight), stock = coalesce(\(row.stock), stock),
                min_stock = coalesce(\(row.minStock), min_stock), reorder_point = coalesce(\(row.reorderPoint), reorder_point),
                tags = coalesce(\(row.tags), tags), status = coalesce(\(row.status?.rawValue), status), updated_at = now()
            WHERE id = \(id)
            """)
        return (id, previous, row.stock ?? previous)
    }
}
