import Foundation
import Postgres
import ServiceKit

/// Whether a product row exists for the tenant, and in which state.
enum ProductPresence: Sendable, Hashable {
    /// No row: never created, another tenant's, or hard-deleted.
    case missing
    /// A live product.
    case live
    /// Soft-deleted (`deleted_at` set): hidden from every read.
    case deleted
}

// The SQL of products (003 §3.2–3.5): reads of one product, creation with its opening stock
// movement, updates, soft and hard deletion, and the related-products set.
extension CatalogStore {
    /// The live product `id` with its stock at `now`; nil when there is none.
    func product(_ id: UUID, now: Date, in tx: PGTransaction) async throws -> ProductRecord? {
        let rows = try await tx.query("""
            SELECT \(fragment: Self.productColumns) FROM \(fragment: Self.productSource(now: now))
            WHERE p.id = \(id) AND p.deleted_at IS NULL
            """)
        return try rows.first.map(ProductRecord.init(row:))
    }

    /// Locks the product's row until the transaction ends (so no reservation, update or
    /// delete of it runs meanwhile) and says whether it is live, deleted or missing.
    func lockProduct(_ id: UUID, in tx: PGTransaction) async throws -> ProductPresence {
        let rows = try await tx.query("SELECT deleted_at IS NOT NULL AS deleted FROM products WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { return .missing }
        return try row.decode(Bool.self, column: "deleted") ? .deleted : .live
    }

    /// The live related products of `id`, in the order they were set.
    func relatedProducts(of id: UUID, in tx: PGTransaction) async throws -> [RelatedProductRecord] {
        try await tx.query("""
            SELECT p.id, p.sku, p.name, p.price, r.relation
            FROM product_relations r
            JOIN products p ON p.tenant_id = r.tenant_id AND p.id = r.related_id
            WHERE r.product_id = \(id) AND p.deleted_at IS NULL
            ORDER BY r.position, p.sku
            """).map { row in
            RelatedProductRecord(id: try row.decode(column: "id"), sku: try row.decode(column: "sku"),
                                 name: try row.decode(column: "name"), price: try row.decode(column: "price"),
                                 relation: try row.decode(column: "relation"))
        }
    }

    /// Inserts the product and, when it starts with stock, the `in` movement that brings the
    /// ledger to that stock (stock on hand only ever changes together with a movement).
    func insertProduct(_ draft: ProductDraft, author: CallPrincipal, in tx: PGTransaction) async throws -> (id: UUID, createdAt: Date) {
        let tenant = try Self.tenant(of: tx)
        let values = draft.values
        let rows: PGRows
        do {
            rows = try await tx.query("""
                INSERT INTO products (tenant_id, sku, name, description, short_description, category, subcategory,
                                      price, currency, vat_rate, cost_price, unit, weight, dimensions,
                                      stock, min_stock, reorder_point, specifications, tags, status, created_by)
                VALUES (\(tenant)::uuid, \(draft.sku), \(values.name), \(values.description), \(values.shortDescription),
                        \(values.category), \(values.subcategory), \(values.price), \(values.currency.rawValue), \(values.vatRate),
                        \(values.costPrice), \(values.unit), \(values.weight), \(fragment: Self.dimensionsJSON(values.dimensions)),
                        \(draft.stock), \(values.minStock), \(values.reorderPoint),
                        \(fragment: Self.specificationsJSON(values.specifications)), \(values.tags), \(values.status.rawValue),
                        \(author.userID))
                RETURNING id, created_at
                """)
        } catch let error as PGError where error.sqlState == "23505" && error.constraint == "products_sku" {
            // The server leaves the key out of the error's detail on a table with row-level
            // security, so the generic mapping cannot name the field: the constraint does.
            throw CatalogError(.duplicate, field: ProductField.sku.jsonName, "a product with SKU \"\(draft.sku)\" already exists")
        }
        let id: UUID = try rows[0].decode(column: "id")
        if draft.stock > 0 {
            try await tx.query("""
                INSERT INTO stock_movements (tenant_id, product_id, type, quantity, previous_stock, new_stock, reason,
                                             reference_type, created_by_type, created_by_id, created_by_name)
                VALUES (\(tenant)::uuid, \(id), 'in', \(draft.stock), 0, \(draft.stock), 'initial stock',
                        'manual', \(author.actorType), \(author.userID), \(author.name))
                """)
        }
        return (id, try rows[0].decode(column: "created_at"))
    }

    /// Writes every client-settable value of the live product `id`; returns the new `updated_at`.
    func updateProduct(_ id: UUID, to values: ProductValues, in tx: PGTransaction) async throws -> Date {
        let rows = try await tx.query("""
            UPDATE products SET
                name = \(values.name), description = \(values.description), short_description = \(values.shortDescription),
                category = \(values.category), subcategory = \(values.subcategory), price = \(values.price),
                currency = \(values.currency.rawValue), vat_rate = \(values.vatRate), cost_price = \(values.costPrice),
                unit = \(values.unit), weight = \(values.weight), dimensions = \(fragment: Self.dimensionsJSON(values.dimensions)),
                min_stock = \(values.minStock), reorder_point = \(values.reorderPoint),
                specifications = \(fragment: Self.specificationsJSON(values.specifications)), tags = \(values.tags),
                status = \(values.status.rawValue), updated_at = now()
            WHERE id = \(id) AND deleted_at IS NULL
            RETURNING updated_at
            """)
        return try rows[0].decode(column: "updated_at")
    }

    /// True while a reservation neither released nor expired at `now` holds the product:
    /// the seed's "active negotiations" (003 §3.5).
    func hasActiveReservations(_ id: UUID, now: Date, in tx: PGTransaction) async throws -> Bool {
        try await tx.query("""
            SELECT 1 FROM reservation_items ri
            JOIN reservations r ON r.tenant_id = ri.tenant_id AND r.id = ri.reservation_id
            WHERE ri.product_id = \(id) AND r.released_at IS NULL AND r.expires_at > \(now)
            LIMIT 1
            """).count > 0
    }

    /// True when ledger rows (movements, or items of past reservations) name the product.
    func hasStockHistory(_ id: UUID, in tx: PGTransaction) async throws -> Bool {
        try await tx.query("""
            SELECT EXISTS (SELECT 1 FROM stock_movements WHERE product_id = \(id))
                OR EXISTS (SELECT 1 FROM reservation_items WHERE product_id = \(id)) AS used
            """)[0].decode(Bool.self, column: "used")
    }

    /// Marks the product deleted: it disappears from every read and frees its SKU.
    func softDeleteProduct(_ id: UUID, in tx: PGTransaction) async throws {
        try await tx.query("UPDATE products SET deleted_at = now(), updated_at = now() WHERE id = \(id)")
    }

    /// Removes the product's row and its relations (both directions, by foreign key). With
    /// `cascade`, its movements and the items of past reservations go too; without, a
    /// ledger row naming the product refuses the delete with RES_LOCKED.
    func hardDeleteProduct(_ id: UUID, cascade: Bool, in tx: PGTransaction) async throws {
        if cascade {
            try await tx.query("DELETE FROM stock_movements WHERE product_id = \(id)")
            try await tx.query("DELETE FROM reservation_items WHERE product_id = \(id)")
        }
        do {
            try await tx.query("DELETE FROM products WHERE id = \(id)")
        } catch let error as PGError where error.sqlState == "23503" {
            // A movement or reservation item written since the handler looked: the ledger
            // keeps its history, so this is a conflict for the caller, not a server error.
            throw CatalogError.productHasHistory
        }
    }

    /// The ids among `ids` that are live products.
    func liveProductIDs(_ ids: [UUID], in tx: PGTransaction) async throws -> Set<UUID> {
        Set(try await tx.query("SELECT id FROM products WHERE id = ANY(\(ids)) AND deleted_at IS NULL").map { row in
            try row.decode(UUID.self, column: "id")
        })
    }

    /// Replaces the relations of `id` with `relations`, in order; returns the product's new
    /// `updated_at` (its related products are part of it).
    func replaceRelations(of id: UUID, with relations: [(id: UUID, relation: String)], in tx: PGTransaction) async throws -> Date {
        let tenant = try Self.tenant(of: tx)
        try await tx.query("DELETE FROM product_relations WHERE product_id = \(id)")
        if !relations.isEmpty {
            try await tx.query("""
                INSERT INTO product_relations (tenant_id, product_id, related_id, relation, position)
                SELECT \(tenant)::uuid, \(id), r.related_id, r.relation, (r.position - 1)::int
                FROM unnest(\(relations.map(\.id))::uuid[], \(relations.map(\.relation))::text[])
                     WITH ORDINALITY AS r(related_id, relation, position)
                """)
        }
        return try await tx.query("UPDATE products SET updated_at = now() WHERE id = \(id) RETURNING updated_at")[0]
            .decode(column: "updated_at")
    }

    // MARK: Values as SQL

    /// The transaction's tenant, which every inserted row must carry (row-level security checks it).
    static func tenant(of tx: PGTransaction) throws -> String {
        guard let tenant = tx.tenant else {
            throw SeedError("AUTH_TENANT_REQUIRED", "the call names no tenant")
        }
        return tenant
    }

    /// `dimensions` as a jsonb object of exact numbers, or NULL.
    static func dimensionsJSON(_ dimensions: ProductValues.Dimensions?) -> PGQuery {
        guard let dimensions else { return "NULL::jsonb" }
        return """
            jsonb_build_object('length', \(dimensions.length)::numeric, 'width', \(dimensions.width)::numeric,
                               'height', \(dimensions.height)::numeric, 'unit', \(dimensions.unit.rawValue)::text)
            """
    }

    /// `specifications` as a jsonb object whose numbers are JSON numbers (exact: jsonb keeps
    /// numeric) and whose texts are JSON strings, built by the server from three arrays.
    static func specificationsJSON(_ specifications: [String: ProductValues.SpecificationValue]) -> PGQuery {
        let keys = specifications.keys.sorted()
        var kinds: [String] = []
        var texts: [String] = []
        for key in keys {
            switch specifications[key] {
            case .number(let number): kinds.append("number"); texts.append(DecimalText.format(number))
            case .text(let text): kinds.append("string"); texts.append(text)
            case nil: kinds.append("string"); texts.append("")
            }
        }
        return """
            (SELECT coalesce(jsonb_object_agg(s.key, CASE WHEN s.kind = 'number' THEN to_jsonb(s.value::numeric)
                                                          ELSE to_jsonb(s.value) END), '{}'::jsonb)
             FROM unnest(\(keys)::text[], \(kinds)::text[], \(texts)::text[]) AS s(key, kind, value))
            """
    }
}

extension CatalogError {
    /// A hard delete refused because the ledger names the product (003 §3.5: 409).
    static let productHasHistory = CatalogError(
        .locked, "Cannot hard-delete a product with stock movements or reservation history; delete it softly, or with cascade=true")
}
