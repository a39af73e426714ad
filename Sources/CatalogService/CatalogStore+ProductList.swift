import CatalogAPI
import Foundation
import Postgres

// The SQL of ListProducts (003 §3.1, §1.4): filters, offset pages in a chosen order, and
// cursor pages in createdAt order.
extension CatalogStore {
    /// How many products pass `filters`.
    func countProducts(_ filters: ProductFilters, now: Date, in tx: PGTransaction) async throws -> Int {
        try await tx.query("""
            SELECT count(*) AS total FROM \(fragment: Self.productSource(now: now))
            WHERE \(fragment: Self.conditions(filters))
            """)[0].decode(column: "total")
    }

    /// One offset page of the products passing `filters`, sorted by `sort` with the id
    /// breaking ties, so pages never overlap or skip.
    func products(_ filters: ProductFilters, sort: ProductSortField, descending: Bool, offset: Int, limit: Int,
                  now: Date, in tx: PGTransaction) async throws -> [ProductRecord] {
        try await tx.query("""
            SELECT \(fragment: Self.productColumns) FROM \(fragment: Self.productSource(now: now))
            WHERE \(fragment: Self.conditions(filters))
            \(fragment: Self.ordering(sort, descending: descending))
            LIMIT \(limit) OFFSET \(offset)
            """).map(ProductRecord.init(row:))
    }

    /// Up to `limit` products passing `filters` strictly after `cursor` in (createdAt, id)
    /// order, or strictly before it when `backward` (then nearest first); from the start or
    /// the end when there is no cursor.
    func products(_ filters: ProductFilters, from cursor: ProductCursor?, backward: Bool, limit: Int,
                  now: Date, in tx: PGTransaction) async throws -> [ProductRecord] {
        var conditions = Self.conditions(filters)
        if let cursor {
            let key: PGQuery = "('epoch'::timestamptz + interval '1 microsecond' * \(cursor.createdMicros), \(cursor.id))"
            conditions.append(backward ? " AND (p.created_at, p.id) < \(fragment: key)" : " AND (p.created_at, p.id) > \(fragment: key)")
        }
        let order: PGQuery = backward ? "ORDER BY p.created_at DESC, p.id DESC" : "ORDER BY p.created_at ASC, p.id ASC"
        return try await tx.query("""
            SELECT \(fragment: Self.productColumns) FROM \(fragment: Self.productSource(now: now))
            WHERE \(fragment: conditions) \(fragment: order)
            LIMIT \(limit)
            """).map(ProductRecord.init(row:))
    }

    /// The WHERE conditions of `filters` over `productSource`.
    static func conditions(_ filters: ProductFilters) -> PGQuery {
        var conditions: PGQuery = "p.deleted_at IS NULL"
        if let search = filters.search {
            // Full text over the folded document, every word as a prefix ("surub" finds
            // "suruburi"), or a name that is trigram-similar as a whole or word by word
            // (typos, partial SKUs).
            conditions.append("""
                 AND (p.search_document @@ \(fragment: prefixQuery(filters.terms, matchingAll: true))
                      OR fold_text(p.name) % fold_text(\(search)) OR fold_text(p.name) %> fold_text(\(search)))
                """)
        }
        if let category = filters.category { conditions.append(" AND p.category = \(category)") }
        if let status = filters.status { conditions.append(" AND p.status = \(status.rawValue)") }
        if let minPrice = filters.minPrice { conditions.append(" AND p.price >= \(minPrice)") }
        if let maxPrice = filters.maxPrice { conditions.append(" AND p.price <= \(maxPrice)") }
        if filters.inStock { conditions.append(" AND p.stock - held.quantity > 0") }
        if filters.hasEmbedding { conditions.append(" AND p.has_embedding") }
        return conditions
    }

    /// A `simple` tsquery of `terms`, each a prefix, joined by AND (`matchingAll`) or OR.
    /// Each term is quoted by `quote_literal`, so no text can become tsquery syntax; NULL
    /// (matching nothing) when there are no terms.
    static func prefixQuery(_ terms: [String], matchingAll: Bool) -> PGQuery {
        let separator = matchingAll ? " & " : " | "
        return """
            (SELECT to_tsquery('simple', string_agg(quote_literal(t) || ':*', \(separator)))
             FROM unnest(\(terms)::text[]) AS t)
            """
    }

    /// ORDER BY `sort` in the direction asked, then by id. Names sort folded, so "Șurub"
    /// sorts with "Surub" and not after "Z".
    static func ordering(_ sort: ProductSortField, descending: Bool) -> PGQuery {
        let keys: [PGQuery] = switch sort {
        case .name: ["fold_text(p.name)", "p.name"]
        case .sku: ["p.sku"]
        case .price: ["p.price"]
        case .stock: ["p.stock"]
        case .createdAt, .unspecified: ["p.created_at"]
        }
        var order: PGQuery = "ORDER BY "
        for (index, key) in (keys + ["p.id"]).enumerated() {
            if index > 0 { order.append(", ") }
            order.append(key)
            order.append(descending ? " DESC" : " ASC")
        }
        return order
    }
}
