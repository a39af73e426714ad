import CatalogAPI
import Foundation
import ServiceKit

/// SearchProducts' request, validated (003 §3.7).
struct ProductSearchQuery: Sendable, Hashable {
    /// Results when `limit` is not given.
    static let defaultLimit = 10
    /// The most results.
    static let maxLimit = 50
    /// The longest query.
    static let maxQueryLength = 500

    /// The query, trimmed.
    var text: String
    /// Its folded words, matched as prefixes by full text.
    var terms: [String]
    /// Results to return.
    var limit: Int
    /// The lowest score returned.
    var threshold: Double
    /// Which products are candidates (the search itself is not among them).
    var filters: ProductFilters
    /// Whether to return the matched chunks.
    var includeChunks: Bool

    /// Validates `request`; throws one `SeedError` naming every invalid member.
    init(_ request: SearchProductsRequest) throws(SeedError) {
        var violations = FieldViolations()
        text = request.query.trimmingSpaces
        if text.isEmpty {
            violations.record(.requiredField, field: "query", "query is required")
        } else if text.count > Self.maxQueryLength {
            violations.record(.outOfRange, field: "query", "query is longer than \(Self.maxQueryLength) characters")
        }
        terms = ProductFilters.terms(of: text)
        if request.limit > UInt32(Self.maxLimit) {
            violations.record(.outOfRange, field: "limit", "limit must be between 1 and \(Self.maxLimit)")
        }
        limit = request.limit == 0 ? Self.defaultLimit : min(Int(request.limit), Self.maxLimit)
        threshold = request.threshold
        if !(0...1).contains(request.threshold) {  // NaN is outside too
            violations.record(.outOfRange, field: "threshold", "threshold must be between 0 and 1")
        }
        filters = ProductFilters()
        if let given = request.filters {
            let category = given.category.trimmingSpaces
            filters.category = category.isEmpty ? nil : category
            filters.minPrice = violations.check { () throws(CatalogError) in
                try ProductListQuery.priceBound(given.minPrice, field: "filters.minPrice")
            } ?? nil
            filters.maxPrice = violations.check { () throws(CatalogError) in
                try ProductListQuery.priceBound(given.maxPrice, field: "filters.maxPrice")
            } ?? nil
            if let minPrice = filters.minPrice, let maxPrice = filters.maxPrice, minPrice > maxPrice {
                violations.record(.outOfRange, field: "filters.minPrice", "filters.minPrice must not be above filters.maxPrice")
            }
            filters.inStock = given.inStock
            filters.status = given.status.domain
            if filters.status == .discontinued {
                violations.record(.invalidEnum, field: "filters.status", "filters.status must be active or inactive")
            }
        }
        includeChunks = request.includeChunks
        try violations.throwIfAny()
    }
}
