import Foundation
import Postgres
import ServiceKit

/// Which stock levels ListStock wants (003 §6.1 `GetStockQuery`).
struct StockFilter: Sendable {
    enum Sort: Sendable { case sku, name, totalStock, availableStock, updatedAt }
    enum Status: Sendable { case inStock, lowStock, outOfStock, reserved }

    var productId: UUID?
    var sku: String?
    var category: String?
    var status: Status?
    var belowReorderPoint = false
    var hasReservations = false
    var sort: Sort = .sku
    var descending = false
}

/// One product's stock level as listed.
struct StockLevelRow: Sendable {
    var productId: UUID
    var sku: String
    var name: String
    var level: StockLevel
    var updatedAt: Date
}

/// An active reservation of one product.
struct ActiveReservationRow: Sendable {
    var reservationId: UUID
    var negotiationId: String
    var quantity: Int64
    var expiresAt: Date
}

/// The latest change of stock on hand.
struct LastMovementRow: Sendable {
    var kind: StockMovementKind
    var quantity: Int64
    var date: Date
    var reason: String
}

/// Which of a product's ledger entries ListStockMovements wants (003 §6.2).
struct MovementFilter: Sendable {
    var productId: UUID
    var kind: StockMovementKind?
    var from: Date?
    var until: Date?
    var byQuantity = false
    var descending = false
}

/// One ledger entry as read back.
struct StockMovementRow: Sendable {
    var record: StockMovementRecord
    var id: UUID
    var createdAt: Date
}

extension CatalogStore {
    /// A page of stock levels and the number of levels matching `filter`. Reserved stock
    /// counts reservations active at `now`. The status and reorder filters restate
    /// `StockRules.status` and `StockRules.alerts` in SQL, so a page holds what they judge.
    func listStock(_ tx: PGTransaction, _ filter: StockFilter, paging: Paging, at now: Date) async throws -> (rows: [StockLevelRow], total: Int) {
        var levels: PGQuery = """
            SELECT p.id, p.sku, p.name, p.stock, p.min_stock, p.reorder_point,
                   coalesce(r.reserved, 0)::bigint AS reserved,
                   greatest(p.stock - coalesce(r.reserved, 0), 0)::bigint AS available,
                   coalesce((SELECT max(m.created_at) FROM stock_movements m
                             WHERE m.tenant_id = p.tenant_id AND m.product_id = p.id), p.updated_at) AS stock_updated_at
            FROM products p
            LEFT JOIN (
                SELECT ri.product_id, sum(ri.reserved) AS reserved
                FROM reservation_items ri
                JOIN reservations rv ON rv.tenant_id = ri.tenant_id AND rv.id = ri.reservation_id
                WHERE rv.released_at IS NULL AND rv.expires_at > \(now) AND ri.reserved > 0
                GROUP BY ri.product_id
            ) r ON r.product_id = p.id
            WHERE p.deleted_at IS NULL
            """
        if let productId = filter.productId { levels.append(" AND p.id = \(productId)") }
        if let sku = filter.sku { levels.append(" AND p.sku = \(sku)") }
        if let category = filter.category { levels.append(" AND p.category = \(category)") }

        var conditions: [PGQuery] = []
        switch filter.status {
        case .inStock?: conditions.append("s.available > 0 AND s.available > s.min_stock")
        case .lowStock?: conditions.append("s.available > 0 AND s.available <= s.min_stock")
        case .outOfStock?: conditions.append("s.available <= 0")
        case .reserved?: conditions.append("s.reserved > 0")
        case nil: break
        }
        if filter.belowReorderPoint { conditions.append("s.reorder_point > 0 AND s.available <= s.reorder_point") }
        if filter.hasReservations { conditions.append("s.reserved > 0") }
        var matching: PGQuery = "FROM (\(fragment: levels)) AS s WHERE true"
        for condition in conditions { matching.append(" AND \(fragment: condition)") }

        let total = try await tx.query("SELECT count(*) \(fragment: matching)")[0].decode(Int.self, column: 0)
        let rows = try await tx.query("""
            SELECT s.* \(fragment: matching)
            ORDER BY \(fragment: Self.order(filter.sort, descending: filter.descending)), s.id
            LIMIT \(paging.limit) OFFSET \(paging.offset)
            """)
        let levelsRead = try rows.map { row in
            StockLevelRow(
                productId: try row.decode(UUID.self, column: "id"), sku: try row.decode(String.self, column: "sku"),
                name: try row.decode(String.self, column: "name"),
                level: StockLevel(total: try row.decode(Int64.self, column: "stock"), reserved: try row.decode(Int64.self, column: "reserved"),
                                  minStock: try row.decode(Int64.self, column: "min_stock"),
                                  reorderPoint: try row.decode(Int64.self, column: "reorder_point")),
                updatedAt: try row.decode(Date.self, column: "stock_updated_at"))
        }
        return (levelsRead, total)
    }

    private static func order(_ sort: StockFilter.Sort, descending: Bool) -> PGQuery {
        let column: PGQuery
        switch sort {
        case .sku: column = "s.sku"
        case .name: column = "s.name"
        case .totalStock: column = "s.stock"
        case .availableStock: column = "s.available"
        case .updatedAt: column = "s.stock_updated_at"
        }
        return descending ? "\(fragment: column) DESC" : column
    }

    /// The reservations of `productIds` active at `now` that hold units, soonest to expire first.
    func activeReservations(_ tx: PGTransaction, productIds: [UUID], at now: Date) async throws -> [UUID: [ActiveReservationRow]] {
        guard !productIds.isEmpty else { return [:] }
        let rows = try await tx.query("""
            SELECT ri.product_id, r.id, r.negotiation_id, ri.reserved, r.expires_at
            FROM reservation_items ri
            JOIN reservations r ON r.tenant_id = ri.tenant_id AND r.id = ri.reservation_id
            WHERE ri.product_id = ANY(\(productIds)) AND r.released_at IS NULL AND r.expires_at > \(now) AND ri.reserved > 0
            ORDER BY r.expires_at, r.id
            """)
        var byProduct: [UUID: [ActiveReservationRow]] = [:]
        for row in rows {
            byProduct[try row.decode(UUID.self, column: "product_id"), default: []].append(ActiveReservationRow(
                reservationId: try row.decode(UUID.self, column: "id"), negotiationId: try row.decode(String.self, column: "negotiation_id"),
                quantity: try row.decode(Int64.self, column: "reserved"), expiresAt: try row.decode(Date.self, column: "expires_at")))
        }
        return byProduct
    }

    /// The latest in, out or adjustment of each of `productIds`.
    func lastMovements(_ tx: PGTransaction, productIds: [UUID]) async throws -> [UUID: LastMovementRow] {
        guard !productIds.isEmpty else { return [:] }
        let rows = try await tx.query("""
            SELECT DISTINCT ON (product_id) product_id, type, quantity, created_at, reason
            FROM stock_movements
            WHERE product_id = ANY(\(productIds)) AND type IN ('in', 'out', 'adjustment')
            ORDER BY product_id, created_at DESC, id DESC
            """)
        var latest: [UUID: LastMovementRow] = [:]
        for row in rows {
            latest[try row.decode(UUID.self, column: "product_id")] = LastMovementRow(
                kind: try Self.movementKind(row), quantity: try row.decode(Int64.self, column: "quantity"),
                date: try row.decode(Date.self, column: "created_at"), reason: try row.decode(String.self, column: "reason"))
        }
        return latest
    }

    /// Whether a product with `id` exists for the tenant (deleted ones too: their ledger is history).
    func productExists(_ tx: PGTransaction, id: UUID) async throws -> Bool {
        try await tx.query("SELECT 1 FROM products WHERE id = \(id)").count == 1
    }

    /// A page of one product's ledger and how many entries match `filter`.
    func listMovements(_ tx: PGTransaction, _ filter: MovementFilter, paging: Paging) async throws -> (rows: [StockMovementRow], total: Int) {
        var matching: PGQuery = "FROM stock_movements WHERE product_id = \(filter.productId)"
        if let kind = filter.kind { matching.append(" AND type = \(kind.rawValue)") }
        if let from = filter.from { matching.append(" AND created_at >= \(from)") }
        if let until = filter.until { matching.append(" AND created_at < \(until)") }
        let total = try await tx.query("SELECT count(*) \(fragment: matching)")[0].decode(Int.self, column: 0)
        let direction: PGQuery = filter.descending ? "DESC" : "ASC"
        let order: PGQuery = filter.byQuantity
            ? "quantity \(fragment: direction), created_at \(fragment: direction)"
            : "created_at \(fragment: direction)"
        let rows = try await tx.query("""
            SELECT id, product_id, type, quantity, previous_stock, new_stock, reason, reference_type, reference_id,
                   reference_name, created_by_type, created_by_id, created_by_name, notes, created_at
            \(fragment: matching)
            ORDER BY \(fragment: order), id
            LIMIT \(paging.limit) OFFSET \(paging.offset)
            """)
        return (try rows.map(Self.movement), total)
    }

    private static func movement(_ row: PGRow) throws -> StockMovementRow {
        let referenceText = try row.decode(String.self, column: "reference_type")
        let actorText = try row.decode(String.self, column: "created_by_type")
        let record = StockMovementRecord(
            productId: try row.decode(UUID.self, column: "product_id"), kind: try movementKind(row),
            quantity: try row.decode(Int64.self, column: "quantity"), previousStock: try row.decode(Int64.self, column: "previous_stock"),
            newStock: try row.decode(Int64.self, column: "new_stock"), reason: try row.decode(String.self, column: "reason"),
            reference: StockReferenceKind(rawValue: referenceText) ?? .system,
            referenceId: try row.decode(String?.self, column: "reference_id"),
            referenceName: try row.decode(String?.self, column: "reference_name"),
            actor: StockActor(kind: StockActor.Kind(rawValue: actorText) ?? .system, id: try row.decode(String.self, column: "created_by_id"),
                              name: try row.decode(String.self, column: "created_by_name")),
            notes: try row.decode(String.self, column: "notes"))
        return StockMovementRow(record: record, id: try row.decode(UUID.self, column: "id"), createdAt: try row.decode(Date.self, column: "created_at"))
    }

    private static func movementKind(_ row: PGRow) throws -> StockMovementKind {
        let text = try row.decode(String.self, column: "type")
        guard let kind = StockMovementKind(rawValue: text) else {
            throw PGError(.decodingFailed, message: "unknown movement type", column: "type")
        }
        return kind
    }
}
