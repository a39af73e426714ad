import CatalogAPI
import Foundation
import RPCCore

// Product search (003 §3.7).
extension CatalogService {
    /// Keyword search for every search type. Semantic and hybrid search need query and
    /// product embeddings, and no embedding provider is configured yet (no product has
    /// `has_embedding`), so they answer with the keyword ranking and say so per result:
    /// `matchType` is `keyword` and `queryEmbedding` is empty. Hybrid scoring
    /// (SearchScore.hybrid) takes over once embeddings exist.
    public func searchProducts(_ request: SearchProductsRequest, context: CallContext) async throws -> SearchProductsResponse {
        let clock = ContinuousClock()
        let started = clock.now
        let query = try ProductSearchQuery(request)
        let now = self.now()
        let found = try await store.transaction(context) { tx in
            try await store.searchProducts(text: query.text, terms: query.terms, filters: query.filters,
                                           threshold: query.threshold, limit: query.limit, now: now, in: tx)
        }
        let results = found.hits.map { hit in
            var result = SearchProductResult(product: ProductListItem(hit.record), score: hit.score, matchType: .keyword)
            if query.includeChunks {
                let values = hit.record.values
                result.matchedChunks = ProductChunks.matched(query: query.text, name: values.name, shortDescription: values.shortDescription,
                                                             description: values.description)
                    .map { MatchedChunk(text: $0.text, score: $0.score, highlight: $0.highlight) }
            }
            return result
        }
        let elapsed = clock.now - started
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return SearchProductsResponse(results: results, totalFound: UInt32(clamping: found.total), queryEmbedding: [],
                                      searchTime: UInt32(clamping: milliseconds))
    }
}
