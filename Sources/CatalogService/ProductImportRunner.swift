import Foundation
import Postgres
import ServiceKit

/// Carries out an import job (003 §3.6) for the job worker: reads and validates the whole
/// file, plans every row (`ProductImportPlan`), then, unless the plan fails or the import is
/// a dry run, writes the rows in batches, each batch one transaction that also records the
/// progress GetProductImport shows. New products with stock get an `in` movement, updated
/// ones whose stock changes an `adjustment`, both with reference `import`.
///
/// Idempotent, as the queue requires: a finished import is left alone, and a run that died
/// part way resumes after the last batch it committed.
struct ProductImportRunner: Sendable {
    /// The job kind.
    static let kind = "catalog.product-import"
    /// Rows written per transaction.
    static let batchSize = 500
    /// The most problems kept per import: a GetProductImport answer must fit a frame.
    static let maxReportedIssues = 10_000

    /// The job's payload.
    struct Payload: Codable, Sendable {
        var importId: UUID
    }

    let store: CatalogStore
    let now: @Sendable () -> Date

    func run(_ context: JobContext) async throws {
        guard let importId = try? context.job.payload(as: Payload.self).importId else {
            throw PermanentJobFailure("the payload names no job")
        }
        guard let job = try await context.transaction({ tx in try await store.importJob(tx, id: importId, withFile: true) }) else {
            throw PermanentJobFailure("import job \(importId) does not exist")
        }
        guard job.status == "queued" || job.status == "processing", let bytes = job.file else { return }
        try await context.transaction { tx in try await store.markImportProcessing(tx, id: importId) }

        let plan = try await context.transaction { tx in
            let file = ProductImportFile(bytes: bytes, mapping: job.mapping, vatRates: try await store.vatRateTable(in: tx), on: CalendarDay(now()))
            let existing = try await store.existingSKUs(tx, among: file.skus)
            return ProductImportPlan(file: file, existingSKUs: existing, updateExisting: job.updateExisting, skipInvalid: job.skipInvalid)
        }
        let errors = Self.reported(plan.issues)
        let total = plan.steps.count

        if plan.failure != nil || job.dryRun {
            // Nothing is written: report what the rows are, as counts and problems.
            let progress = ImportProgress(processedRows: total, skippedCount: plan.skipCount)
            try await context.transaction { tx in
                try await store.finishImport(tx, id: importId, failed: plan.failure != nil, reason: plan.failure ?? "", totalRows: total,
                                             progress: progress, errors: errors)
            }
            return
        }

        var progress = ImportProgress(processedRows: job.processedRows, createdCount: job.createdCount,
                                      updatedCount: job.updatedCount, skippedCount: job.skippedCount)
        try await context.transaction { tx in try await store.startImport(tx, id: importId, totalRows: total, errors: errors) }
        let actor = job.createdBy.isEmpty ? StockActor(kind: .system, id: "import", name: "Import")
            : StockActor(kind: .user, id: job.createdBy, name: job.createdBy)
        var start = min(progress.processedRows, total)
        while start < total {
            let end = min(start + Self.batchSize, total)
            progress = try await context.transaction { tx in
                var batch = progress
                for step in plan.steps[start..<end] {
                    try await apply(step, tx: tx, job: job, actor: actor, progress: &batch)
                }
                batch.processedRows = end
                try await store.recordImportProgress(tx, id: importId, batch)
                return batch
            }
            start = end
        }
        try await context.transaction { tx in
            try await store.finishImport(tx, id: importId, failed: false, reason: "", totalRows: total, progress: progress, errors: errors)
        }
    }

    private func apply(_ step: ProductImportPlan.Step, tx: PGTransaction, job: ImportJobRecord, actor: StockActor,
                       progress: inout ImportProgress) async throws {
        switch step {
        case .create(let row):
            guard let values = row.valuesForCreate() else {
                progress.skippedCount += 1
                return
            }
            let stock = row.stock ?? 0
            let id = try await store.insertImportedProduct(tx, sku: row.sku, values: values, stock: stock, createdBy: job.createdBy)
            if stock > 0 {
                try await store.insertMovement(tx, movement(id, .in, previous: 0, new: stock, job: job, actor: actor))
            }
            progress.createdCount += 1
        case .update(let row):
            guard let updated = try await store.updateImportedProduct(tx, row) else {
                progress.skippedCount += 1
                return
            }
            if updated.newStock != updated.previousStock {
                try await store.insertMovement(tx, movement(updated.id, .adjustment, previous: updated.previousStock, new: updated.newStock,
                                                            job: job, actor: actor))
            }
            progress.updatedCount += 1
        case .skipExisting, .skipInvalid:
            progress.skippedCount += 1
        }
    }

    private func movement(_ productId: UUID, _ kind: StockMovementKind, previous: Int64, new: Int64, job: ImportJobRecord,
                          actor: StockActor) -> StockMovementRecord {
        StockMovementRecord(productId: productId, kind: kind, quantity: new - previous, previousStock: previous, newStock: new,
                            reason: "import", reference: .import, referenceId: job.id.lowercased,
                            referenceName: job.fileName.isEmpty ? nil : job.fileName, actor: actor)
    }

    /// The problems to keep: all of them, or the first ones and a last entry saying how
    /// many more there were.
    static func reported(_ issues: [ProductImportIssue]) -> [StoredImportIssue] {
        guard issues.count > maxReportedIssues else { return issues.map(StoredImportIssue.init) }
        return issues.prefix(maxReportedIssues - 1).map(StoredImportIssue.init) + [
            StoredImportIssue(row: 0, field: "", message: "\(issues.count - maxReportedIssues + 1) more problems are not listed",
                              code: "VAL_MULTIPLE_ERRORS"),
        ]
    }
}
