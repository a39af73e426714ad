/// Relevance scores in 0…1 (003 §3.7 `score`) from what PostgreSQL measures.
///
/// Keyword relevance combines full-text rank and trigram similarity:
///
///     keyword = 0.6 · r / (r + k) + 0.4 · s
///
/// where r = `ts_rank` (≥ 0, unbounded; typically 0.06–0.6 for product text) squashed by
/// r / (r + k) with k = 0.1, so one body-weighted match is ≈ 0.4 and many title matches
/// approach 1; s = `pg_trgm` `similarity()` (already 0…1), which catches typos and partial
/// SKUs that full text misses. Full text weighs more because a lexeme match is stronger
/// evidence than shared trigrams.
///
/// Hybrid relevance is a linear fusion with the semantic similarity c (pgvector cosine
/// similarity `1 − (a <=> b)`, clamped to 0…1):
///
///     hybrid = 0.5 · keyword + 0.5 · c
///
/// A result found by one method only keeps its score there and 0 from the other. Every
/// input is clamped; NaN counts as 0.
public enum SearchScore {
    /// The saturation constant k of the ts_rank squash.
    public static let rankSaturation = 0.1
    /// The weight of full-text rank in `keyword`; trigram similarity gets the rest.
    public static let rankWeight = 0.6
    /// The weight of `keyword` in `hybrid`; semantic similarity gets the rest.
    public static let keywordWeight = 0.5

    /// The keyword score of a `ts_rank` and a trigram `similarity`.
    public static func keyword(tsRank: Double, trigramSimilarity: Double) -> Double {
        let rank = max(0, finite(tsRank))
        let squashed = rank.isInfinite ? 1 : rank / (rank + rankSaturation)
        return clamp(rankWeight * squashed + (1 - rankWeight) * clamp(trigramSimilarity))
    }

    /// The hybrid score of a keyword score and a cosine similarity.
    public static func hybrid(keyword: Double, semantic: Double) -> Double {
        clamp(keywordWeight * clamp(keyword) + (1 - keywordWeight) * clamp(semantic))
    }

    /// `value` limited to 0…1; NaN is 0.
    public static func clamp(_ value: Double) -> Double {
        min(1, max(0, finite(value)))
    }

    private static func finite(_ value: Double) -> Double {
        value.isNaN ? 0 : value
    }
}
