import Foundation
import Postgres

/// A reservation's header row.
struct ReservationRecord: Sendable {
    var id: UUID
    var negotiationId: String
    var createdAt: Date
    var expiresAt: Date
    var releasedAt: Date?
}

/// One product of a reservation.
struct ReservationItemRow: Sendable {
    var productId: UUID
    var sku: String
    var requested: Int64
    var reserved: Int64
}

/// What a release gave back.
struct ReleaseOutcome: Sendable {
    var reservationId: UUID
    var negotiationId: String
    var items: [ReservationItemRow]
    var releasedAt: Date
}

/// Why a reservation ended, as `reservations.release_reason` and the release movement's
/// reason say.
enum ReleaseReason: String, Sendable {
    /// ReleaseReservation was called.
    case released
    /// The sweeper found it past its expiry.
    case expired
}

extension CatalogStore {
    /// Inserts a reservation and its items; returns its id.
    func insertReservation(_ tx: PGTransaction, negotiationId: String, notes: String, createdAt: Date, expiresAt: Date,
                           items: [(productId: UUID, requested: Int64, reserved: Int64)]) async throws -> UUID {
        let id = try await tx.query("""
            INSERT INTO reservations (tenant_id, negotiation_id, notes, created_at, expires_at)
            VALUES (\(tx.tenant)::uuid, \(negotiationId), \(notes), \(createdAt), \(expiresAt))
            RETURNING id
            """)[0].decode(UUID.self, column: "id")
        try await tx.query("""
            INSERT INTO reservation_items (tenant_id, reservation_id, product_id, requested, reserved)
            SELECT \(tx.tenant)::uuid, \(id), item.product_id, item.requested, item.reserved
            FROM unnest(\(items.map(\.productId)), \(items.map(\.requested)), \(items.map(\.reserved))) AS item(product_id, requested, reserved)
            """)
        return id
    }

    /// The reservation with `id`, locked `FOR UPDATE` so releases of it happen one at a time.
    func lockReservation(_ tx: PGTransaction, id: UUID) async throws -> ReservationRecord? {
        try await tx.query("""
            SELECT id, negotiation_id, created_at, expires_at, released_at FROM reservations WHERE id = \(id) FOR UPDATE
            """).first.map { row in
            ReservationRecord(
                id: try row.decode(UUID.self, column: "id"), negotiationId: try row.decode(String.self, column: "negotiation_id"),
                createdAt: try row.decode(Date.self, column: "created_at"), expiresAt: try row.decode(Date.self, column: "expires_at"),
                releasedAt: try row.decode(Date?.self, column: "released_at"))
        }
    }

    /// A reservation's products, with their SKUs, in product id order.
    func reservationItems(_ tx: PGTransaction, reservationId: UUID) async throws -> [ReservationItemRow] {
        try await tx.query("""
            SELECT ri.product_id, p.sku, ri.requested, ri.reserved
            FROM reservation_items ri JOIN products p ON p.tenant_id = ri.tenant_id AND p.id = ri.product_id
            WHERE ri.reservation_id = \(reservationId)
            ORDER BY ri.product_id
            """).map { row in
            ReservationItemRow(productId: try row.decode(UUID.self, column: "product_id"), sku: try row.decode(String.self, column: "sku"),
                               requested: try row.decode(Int64.self, column: "requested"), reserved: try row.decode(Int64.self, column: "reserved"))
        }
    }

    /// Releases a reservation locked by `lockReservation` and not yet released: marks it
    /// released at `now` and writes one `release` movement per product it held units of.
    /// The movement's new level is the available stock without this reservation, and its
    /// previous level that less the units released, so the ledger's reservation and release
    /// quantities always add up to minus the units held by unreleased reservations.
    func release(_ tx: PGTransaction, _ reservation: ReservationRecord, at now: Date, reason: ReleaseReason,
                 actor: StockActor) async throws -> ReleaseOutcome {
        let items = try await reservationItems(tx, reservationId: reservation.id)
        let held = items.filter { $0.reserved > 0 }
        let products = try await lockProducts(tx, ids: held.map(\.productId), includeDeleted: true)
        let others = try await activeReserved(tx, productIds: held.map(\.productId), at: now, excluding: reservation.id)
        try await tx.query("""
            UPDATE reservations SET released_at = \(now), release_reason = \(reason.rawValue) WHERE id = \(reservation.id)
            """)
        for item in held {
            // reservation_items refers to the product, so its row exists (deleted softly at most).
            let stock = products[item.productId]?.stock ?? 0
            let available = stock - (others[item.productId] ?? 0)
            try await insertMovement(tx, StockMovementRecord(
                productId: item.productId, kind: .release, quantity: item.reserved, previousStock: available - item.reserved,
                newStock: available, reason: reason.rawValue, reference: .negotiation, referenceId: reservation.negotiationId,
                referenceName: nil, actor: actor))
        }
        return ReleaseOutcome(reservationId: reservation.id, negotiationId: reservation.negotiationId, items: items, releasedAt: now)
    }

    /// Up to `limit` of the tenant's unreleased reservations expired at `now`, locked with
    /// `FOR UPDATE SKIP LOCKED`: rows another sweeper or a release holds are left to it.
    func lockExpiredReservations(_ tx: PGTransaction, at now: Date, limit: Int) async throws -> [ReservationRecord] {
        try await tx.query("""
            SELECT id, negotiation_id, created_at, expires_at, released_at FROM reservations
            WHERE released_at IS NULL AND expires_at <= \(now)
            ORDER BY expires_at, id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """).map { row in
            ReservationRecord(
                id: try row.decode(UUID.self, column: "id"), negotiationId: try row.decode(String.self, column: "negotiation_id"),
                createdAt: try row.decode(Date.self, column: "created_at"), expiresAt: try row.decode(Date.self, column: "expires_at"),
                releasedAt: nil)
        }
    }

    /// Tenants with unreleased reservations expired at `now`, across every tenant: the one
    /// statement that looks past row-level security, through the SECURITY DEFINER function
    /// of migration 5, and it returns tenant ids only.
    func tenantsWithExpiredReservations(at now: Date, limit: Int) async throws -> [String] {
        try await pool.query("SELECT tenant::text AS tenant FROM tenants_with_expired_reservations(\(now), \(limit)::int) AS tenant")
            .map { try $0.decode(String.self, column: "tenant") }
    }
}

extension CatalogStore {
    /// The products that `reservationIds` hold units of.
    func heldProductIds(_ tx: PGTransaction, reservationIds: [UUID]) async throws -> [UUID] {
        guard !reservationIds.isEmpty else { return [] }
        return try await tx.query("""
            SELECT DISTINCT product_id FROM reservation_items WHERE reservation_id = ANY(\(reservationIds)) AND reserved > 0
            """).map { try $0.decode(UUID.self, column: "product_id") }
    }
}
