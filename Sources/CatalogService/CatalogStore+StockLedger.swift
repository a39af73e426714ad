import Foundation
import Postgres

/// A product's stock row, locked by the transaction that read it.
struct LockedProduct: Sendable, Hashable {
    var id: UUID
    var sku: String
    var stock: Int64
    var minStock: Int64
    var reorderPoint: Int64
}

/// One ledger entry to write.
struct StockMovementRecord: Sendable {
    var productId: UUID
    var kind: StockMovementKind
    var quantity: Int64
    var previousStock: Int64
    var newStock: Int64
    var reason: String
    var reference: StockReferenceKind
    var referenceId: String?
    var referenceName: String?
    var actor: StockActor
    var notes: String = ""
}

// The stock ledger's building blocks, shared by adjustments, reservations, releases and
// imports. Stock on hand changes only together with a movement row, in one transaction.
extension CatalogStore {
    /// Locks the live products among `ids` (`FOR UPDATE`, in id order, so transactions
    /// locking several products never deadlock one another) and returns them by id.
    /// `includeDeleted` locks softly deleted ones too (a release still gives their units back).
    func lockProducts(_ tx: PGTransaction, ids: [UUID], includeDeleted: Bool = false) async throws -> [UUID: LockedProduct] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await tx.query("""
            SELECT id, sku, stock, min_stock, reorder_point FROM products
            WHERE id = ANY(\(ids)) AND (deleted_at IS NULL OR \(includeDeleted))
            ORDER BY id
            FOR UPDATE
            """)
        var products: [UUID: LockedProduct] = [:]
        for row in rows {
            let product = LockedProduct(
                id: try row.decode(UUID.self, column: "id"), sku: try row.decode(String.self, column: "sku"),
                stock: try row.decode(Int64.self, column: "stock"), minStock: try row.decode(Int64.self, column: "min_stock"),
                reorderPoint: try row.decode(Int64.self, column: "reorder_point"))
            products[product.id] = product
        }
        return products
    }

    /// Units of each product held by active reservations (unreleased, expiring after `now`),
    /// leaving out `excluded`'s own; products with none are absent.
    func activeReserved(_ tx: PGTransaction, productIds: [UUID], at now: Date, excluding excluded: UUID? = nil) async throws -> [UUID: Int64] {
        guard !productIds.isEmpty else { return [:] }
        let rows = try await tx.query("""
            SELECT ri.product_id, sum(ri.reserved)::bigint AS reserved
            FROM reservation_items ri
            JOIN reservations r ON r.tenant_id = ri.tenant_id AND r.id = ri.reservation_id
            WHERE ri.product_id = ANY(\(productIds)) AND r.released_at IS NULL AND r.expires_at > \(now)
              AND (\(excluded)::uuid IS NULL OR r.id <> \(excluded)::uuid)
            GROUP BY ri.product_id
            """)
        var reserved: [UUID: Int64] = [:]
        for row in rows {
            reserved[try row.decode(UUID.self, column: "product_id")] = try row.decode(Int64.self, column: "reserved")
        }
        return reserved
    }

    /// Sets a locked product's stock on hand; returns when it changed.
    func setStock(_ tx: PGTransaction, productId: UUID, to stock: Int64) async throws -> Date {
        try await tx.query("""
            UPDATE products SET stock = \(stock), updated_at = clock_timestamp() WHERE id = \(productId) RETURNING updated_at
            """)[0].decode(Date.self, column: "updated_at")
    }

    /// Writes one ledger entry; returns its id and time. The time is the clock's at the
    /// insert, after the product's lock was taken, so a product's entries are in the order
    /// their transactions held the lock, not the order they began.
    @discardableResult
    func insertMovement(_ tx: PGTransaction, _ movement: StockMovementRecord) async throws -> (id: UUID, createdAt: Date) {
        guard let tenant = tx.tenant else { throw PGError(.invalidParameter, message: "a stock movement needs a tenant") }
        let row = try await tx.query("""
            INSERT INTO stock_movements (tenant_id, product_id, type, quantity, previous_stock, new_stock, reason,
                                         reference_type, reference_id, reference_name,
                                         created_by_type, created_by_id, created_by_name, notes, created_at)
            VALUES (\(tenant)::uuid, \(movement.productId), \(movement.kind.rawValue), \(movement.quantity),
                    \(movement.previousStock), \(movement.newStock), \(movement.reason),
                    \(movement.reference.rawValue), \(movement.referenceId), \(movement.referenceName),
                    \(movement.actor.kind.rawValue), \(movement.actor.id), \(movement.actor.name), \(movement.notes), clock_timestamp())
            RETURNING id, created_at
            """)[0]
        return (try row.decode(UUID.self, column: "id"), try row.decode(Date.self, column: "created_at"))
    }
}
