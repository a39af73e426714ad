import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import ServiceKit

extension CatalogService {
    /// GET /stock (003 §6.1): levels with reserved and available stock computed from the
    /// reservations active now, status and alerts from `StockRules`, one consistent snapshot.
    public func listStock(_ request: ListStockRequest, context: CallContext) async throws -> ListStockResponse {
        let paging = try Paging(page: request.page, limit: request.limit)
        let filter = try StockFilter(request)
        let now = self.now().roundedToMicroseconds
        return try await store.transaction(context, isolation: .repeatableRead) { tx in
            let (rows, total) = try await store.listStock(tx, filter, paging: paging, at: now)
            let ids = rows.map(\.productId)
            let reservations = try await store.activeReservations(tx, productIds: ids, at: now)
            let lastMovements = try await store.lastMovements(tx, productIds: ids)
            let items = rows.map { row in
                StockItem(row, reservations: reservations[row.productId] ?? [], lastMovement: lastMovements[row.productId])
            }
            return ListStockResponse(data: items, pagination: paging.info(total: total).wire)
        }
    }

    /// GET /stock/:productId/movements (003 §6.2): one product's ledger, filtered and paged.
    /// RES_NOT_FOUND when the tenant has no such product.
    public func listStockMovements(_ request: ListStockMovementsRequest, context: CallContext) async throws -> ListStockMovementsResponse {
        let paging = try Paging(page: request.page, limit: request.limit)
        let productId = try UUID.parse(request.productId, field: "productId", code: .notFound)
        var filter = MovementFilter(productId: productId)
        filter.kind = StockMovementKind(request.type)
        filter.from = request.dateFrom?.date
        filter.until = request.dateTo?.date
        filter.byQuantity = request.sort == .quantity
        filter.descending = request.order == .desc
        return try await store.transaction(context, isolation: .repeatableRead) { tx in
            guard try await store.productExists(tx, id: productId) else {
                throw CatalogError(.notFound, field: "productId", "product \(request.productId) not found")
            }
            let (rows, total) = try await store.listMovements(tx, filter, paging: paging)
            return ListStockMovementsResponse(data: rows.map(\.wire), pagination: paging.info(total: total).wire)
        }
    }

    /// POST /stock/:productId/adjust (003 §6.3): sets, adds to or subtracts from stock on
    /// hand under the product's row lock, with an `adjustment` movement saying who and why.
    public func adjustStock(_ request: AdjustStockRequest, context: CallContext) async throws -> AdjustStockResponse {
        let productId = try UUID.parse(request.productId, field: "productId", code: .notFound)
        let kind: StockRules.AdjustKind
        switch request.type {
        case .set: kind = .set
        case .add: kind = .add
        case .subtract: kind = .subtract
        case .unspecified: throw CatalogError(.requiredField, field: "type", "type is required: set, add or subtract")
        }
        let reason = try Self.text(request.reason, field: "reason", max: 500, required: true)
        let notes = try Self.text(request.notes, field: "notes", max: 2000)
        let referenceId = try Self.text(request.referenceId, field: "referenceId", max: 200)
        let actor = StockActor(context)
        let now = self.now().roundedToMicroseconds
        return try await store.transaction(context) { tx in
            guard let product = try await store.lockProducts(tx, ids: [productId])[productId] else {
                throw CatalogError(.notFound, field: "productId", "product \(request.productId) not found")
            }
            let change = try StockRules.adjust(stock: product.stock, kind: kind, quantity: request.quantity)
            let updatedAt = try await store.setStock(tx, productId: productId, to: change.newStock)
            let movement = try await store.insertMovement(tx, StockMovementRecord(
                productId: productId, kind: .adjustment, quantity: change.adjustment, previousStock: change.previousStock,
                newStock: change.newStock, reason: reason, reference: .manual, referenceId: referenceId.isEmpty ? nil : referenceId,
                referenceName: request.referenceType.label, actor: actor, notes: notes))
            try await store.record(tx, context, "stock.adjusted", .product, id: productId.lowercased,
                                   "Adjusted stock of \(product.sku) from \(change.previousStock) to \(change.newStock): \(reason)",
                                   changes: [.init(field: "stock", oldValue: String(change.previousStock), newValue: String(change.newStock))])
            let reserved = try await store.activeReserved(tx, productIds: [productId], at: now)[productId] ?? 0
            let level = StockLevel(total: change.newStock, reserved: reserved, minStock: product.minStock, reorderPoint: product.reorderPoint)
            return AdjustStockResponse(
                productId: productId.lowercased, sku: product.sku, previousStock: change.previousStock, adjustment: change.adjustment,
                newStock: change.newStock, movementId: movement.id.lowercased,
                alerts: StockRules.alerts(for: level).map { TriggeredStockAlert(type: $0.kind.wire, message: $0.message) },
                updatedAt: Timestamp(updatedAt))
        }
    }

    /// `value` trimmed; VAL_REQUIRED_FIELD when empty and `required`, VAL_OUT_OF_RANGE
    /// past `max` characters.
    static func text(_ value: String, field: String, max: Int, required: Bool = false) throws(CatalogError) -> String {
        let trimmed = value.trimmingSpaces
        if trimmed.isEmpty, required { throw CatalogError(.requiredField, field: field, "\(field) is required") }
        guard trimmed.count <= max else { throw CatalogError(.outOfRange, field: field, "\(field) is longer than \(max) characters") }
        return trimmed
    }
}

extension StockFilter {
    /// The filter a ListStock request asks for.
    init(_ request: ListStockRequest) throws(CatalogError) {
        if !request.productId.isEmpty { productId = try UUID.parse(request.productId, field: "productId") }
        if !request.sku.trimmingSpaces.isEmpty { sku = request.sku.trimmingSpaces }
        if !request.category.trimmingSpaces.isEmpty { category = request.category.trimmingSpaces }
        switch request.status {
        case .inStock: status = .inStock
        case .lowStock: status = .lowStock
        case .outOfStock: status = .outOfStock
        case .reserved: status = .reserved
        case .unspecified: status = nil
        }
        belowReorderPoint = request.belowReorderPoint
        hasReservations = request.hasReservations
        switch request.sort {
        case .name: sort = .name
        case .totalStock: sort = .totalStock
        case .availableStock: sort = .availableStock
        case .updatedAt: sort = .updatedAt
        case .sku, .unspecified: sort = .sku
        }
        descending = request.order == .desc
    }
}

extension StockItem {
    /// A listed level with its reservations, last movement and alerts.
    init(_ row: StockLevelRow, reservations: [ActiveReservationRow], lastMovement: LastMovementRow?) {
        let status = StockRules.status(of: row.level)
        self.init(
            productId: row.productId.lowercased, sku: row.sku, name: row.name, totalStock: row.level.total,
            reservedStock: row.level.reserved, availableStock: row.level.available, minStock: row.level.minStock,
            reorderPoint: row.level.reorderPoint, status: status.wire, statusLabel: StockRules.statusLabel(status),
            activeReservations: reservations.map {
                // The negotiation's human reference belongs to the Negotiation service; the
                // catalog is not told it, so it stays empty (null).
                StockReservationSummary(id: $0.reservationId.lowercased, negotiationId: $0.negotiationId, negotiationRef: "",
                                        quantity: $0.quantity, expiresAt: Timestamp($0.expiresAt))
            },
            lastMovement: lastMovement.map {
                LastStockMovement(type: $0.kind.wire, quantity: $0.quantity, date: Timestamp($0.date), reason: $0.reason)
            },
            // Since when an alert holds is not recorded; the stock's last change is when it began at the latest.
            alerts: StockRules.alerts(for: row.level).map { StockAlert(type: $0.kind.wire, message: $0.message, createdAt: Timestamp(row.updatedAt)) },
            updatedAt: Timestamp(row.updatedAt))
    }
}
