import Foundation
import Postgres
import RPCCore
import ServiceKit

/// What the catalog's audit records are about (003 §13.7 `entityType`).
enum AuditEntity: String, Sendable {
    case product
    case reservation
    case productImport = "product_import"
    case productExport = "product_export"
    case vatRate = "vat_rate"
}

extension CatalogStore {
    /// Records one change for the audit log in `tx`, so it commits with the change or not at
    /// all; who and from where come from `context` (nil: the catalog acting by itself, as the
    /// reservation sweeper does). A failure throws, and the call fails with its change undone.
    func record(_ tx: PGTransaction, _ context: CallContext?, _ action: String, _ entity: AuditEntity, id: String,
                _ description: String, changes: [AuditRecord.Change] = []) async throws {
        try await audit.record(tx, context, action: action, entityType: entity.rawValue, entityId: id,
                               description: description, changes: changes)
    }

    /// The SKU of the product row `id`, live or soft-deleted, for an audit description.
    func sku(of id: UUID, in tx: PGTransaction) async throws -> String {
        try await tx.query("SELECT sku FROM products WHERE id = \(id)").first?.decode(String.self, column: "sku") ?? ""
    }
}

extension AuditRecord.Change {
    /// The product fields that changed between `old` and `new`, each value as JSON text.
    static func product(from old: ProductValues, to new: ProductValues) -> [AuditRecord.Change] {
        ProductValues.changedFields(from: old, to: new).compactMap { name in
            guard let field = ProductField(rawValue: name), let before = old.jsonText(of: field),
                  let after = new.jsonText(of: field) else { return nil }
            return AuditRecord.Change(field: name, oldValue: before, newValue: after)
        }
    }
}
