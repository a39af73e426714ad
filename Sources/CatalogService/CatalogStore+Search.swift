import Foundation
import Postgres

/// A product a keyword search found, with what PostgreSQL measured of it.
struct ProductSearchHit: Sendable {
    /// The product.
    var record: ProductRecord
    /// `ts_rank` of its search document against the query's words.
    var textRank: Double
    /// Trigram `similarity()` of its folded name and the folded query.
    var trigramSimilarity: Double

    /// Its relevance, 0 to 1 (SearchScore.keyword).
    var score: Double { SearchScore.keyword(tsRank: textRank, trigramSimilarity: trigramSimilarity) }
}

// The SQL of keyword search (003 §3.7): full text and trigram similarity, ranked by
// SearchScore's keyword formula.
extension CatalogStore {
    /// The best `limit` products passing `filters` that match `text` (any of `terms` as a
    /// word prefix in the search document, or a trigram-similar name) with a score of at
    /// least `threshold`, best first; and how many scored that high in all.
    ///
    /// The score is computed in SQL so that ranking, the threshold and the limit apply to
    /// every candidate at once, not to a first batch; the expression is
    /// `SearchScore.keyword`, with its constants passed in so the two cannot drift apart.
    func searchProducts(text: String, terms: [String], filters: ProductFilters, threshold: Double, limit: Int,
                        now: Date, in tx: PGTransaction) async throws -> (hits: [ProductSearchHit], total: Int) {
        let rows = try await tx.query("""
            WITH q AS (
                SELECT \(fragment: Self.prefixQuery(terms, matchingAll: false)) AS query, fold_text(\(text)) AS folded
            ), candidates AS (
                SELECT \(fragment: Self.productColumns),
                       coalesce(ts_rank(p.search_document, q.query), 0)::float8 AS text_rank,
                       similarity(fold_text(p.name), q.folded)::float8 AS trigram_similarity
                FROM \(fragment: Self.productSource(now: now)), q
                WHERE \(fragment: Self.conditions(filters))
                  AND (p.search_document @@ q.query OR fold_text(p.name) % q.folded OR fold_text(p.name) %> q.folded)
            ), scored AS (
                SELECT *, least(1.0, greatest(0.0,
                           \(SearchScore.rankWeight) * (text_rank / (text_rank + \(SearchScore.rankSaturation)))
                           + (1 - \(SearchScore.rankWeight)) * least(1.0, greatest(0.0, trigram_similarity)))) AS score
                FROM candidates
            )
            SELECT *, count(*) OVER () AS total_found FROM scored
            WHERE score >= \(threshold)
            ORDER BY score DESC, name, id
            LIMIT \(limit)
            """)
        let hits = try rows.map { row in
            ProductSearchHit(record: try ProductRecord(row: row), textRank: try row.decode(column: "text_rank"),
                             trigramSimilarity: try row.decode(column: "trigram_similarity"))
        }
        return (hits, try rows.first?.decode(Int.self, column: "total_found") ?? 0)
    }
}
