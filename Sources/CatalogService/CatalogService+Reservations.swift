import CatalogAPI
import CommonAPI
import Foundation
import RPCCore

extension CatalogService {
    /// POST /stock/reserve (003 §6.4): holds as much of each item as is available, under the
    /// products' row locks (taken in id order), and reports any shortfall. Available stock
    /// is on hand less what reservations active now hold. One `reservation` movement per
    /// product that got units.
    public func reserveStock(_ request: ReserveStockRequest, context: CallContext) async throws -> ReserveStockResponse {
        let negotiationId = try Self.text(request.negotiationId, field: "negotiationId", max: 100, required: true)
        let notes = try Self.text(request.notes, field: "notes", max: 2000)
        let now = self.now().roundedToMicroseconds
        let expiresAt = try StockRules.reservationExpiry(from: now, minutes: request.expiresIn).roundedToMicroseconds
        // An id that is no UUID names no product: StockRules reports it as VAL_REFERENCE_INVALID.
        let wanted = request.items.map { item in
            StockRules.ReservationRequest(productId: UUID(uuidString: item.productId)?.lowercased ?? item.productId, quantity: item.quantity)
        }
        let actor = StockActor(context)
        return try await store.transaction(context) { tx in
            let ids = Set(wanted.compactMap { UUID(uuidString: $0.productId) })
            let locked = try await store.lockProducts(tx, ids: Array(ids))
            let held = try await store.activeReserved(tx, productIds: Array(locked.keys), at: now)
            // Keyed as the request's items are: lower-case id text.
            let products = Dictionary(uniqueKeysWithValues: locked.values.map { ($0.id.lowercased, $0) })
            let outcomes = try StockRules.reserve(wanted, available: products.mapValues { max(0, $0.stock - (held[$0.id] ?? 0)) })
            let reserved = outcomes.compactMap { outcome in products[outcome.productId].map { (product: $0, outcome: outcome) } }

            let reservationId = try await store.insertReservation(
                tx, negotiationId: negotiationId, notes: notes, createdAt: now, expiresAt: expiresAt,
                items: reserved.map { ($0.product.id, $0.outcome.requested, $0.outcome.reserved) })
            for (product, outcome) in reserved where outcome.reserved > 0 {
                let before = product.stock - (held[product.id] ?? 0)
                try await store.insertMovement(tx, StockMovementRecord(
                    productId: product.id, kind: .reservation, quantity: -outcome.reserved, previousStock: before,
                    newStock: before - outcome.reserved, reason: "reserved", reference: .negotiation, referenceId: negotiationId,
                    referenceName: nil, actor: actor, notes: notes))
            }
            try await store.record(tx, context, "stock.reserved", .reservation, id: reservationId.lowercased,
                                   "Reserved stock of \(reserved.filter { $0.outcome.reserved > 0 }.count) products for negotiation \(negotiationId)")
            let items = reserved.map { product, outcome in
                ReservedItem(productId: outcome.productId, sku: product.sku, requestedQuantity: outcome.requested,
                             reservedQuantity: outcome.reserved, shortfall: outcome.shortfall)
            }
            return ReserveStockResponse(
                reservationId: reservationId.lowercased, negotiationId: negotiationId, items: items, expiresAt: Timestamp(expiresAt),
                warnings: outcomes.compactMap { outcome in
                    outcome.warning.map { ReservationWarning(productId: outcome.productId, message: $0) }
                },
                createdAt: Timestamp(now))
        }
    }

    /// DELETE /stock/reservations/:id (003 §6.5): gives the units back with one `release`
    /// movement per product. Idempotent: a reservation already released (by a call or by
    /// expiry) answers with that release again. RES_NOT_FOUND for an id the tenant lacks.
    public func releaseReservation(_ request: ReleaseReservationRequest, context: CallContext) async throws -> ReleaseReservationResponse {
        let id = try UUID.parse(request.reservationId, field: "reservationId", code: .notFound)
        let actor = StockActor(context)
        let now = self.now().roundedToMicroseconds
        return try await store.transaction(context) { tx in
            guard let reservation = try await store.lockReservation(tx, id: id) else {
                throw CatalogError(.notFound, field: "reservationId", "reservation \(request.reservationId) not found")
            }
            let outcome: ReleaseOutcome
            if let releasedAt = reservation.releasedAt {
                let items = try await store.reservationItems(tx, reservationId: id)
                outcome = ReleaseOutcome(reservationId: id, negotiationId: reservation.negotiationId, items: items, releasedAt: releasedAt)
            } else {
                outcome = try await store.release(tx, reservation, at: now, reason: .released, actor: actor)
                // Recorded only here: a repeated release changes nothing, so it is not a change to log.
                try await store.record(tx, context, "stock.reservation_released", .reservation, id: id.lowercased,
                                       "Released the reservation for negotiation \(reservation.negotiationId)")
            }
            return ReleaseReservationResponse(outcome)
        }
    }
}

extension ReleaseReservationResponse {
    init(_ outcome: ReleaseOutcome) {
        self.init(
            reservationId: outcome.reservationId.lowercased, negotiationId: outcome.negotiationId,
            releasedItems: outcome.items.map { ReleasedItem(productId: $0.productId.lowercased, sku: $0.sku, quantity: $0.reserved) },
            releasedAt: Timestamp(outcome.releasedAt))
    }
}
