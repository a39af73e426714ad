import CatalogAPI
import CommonAPI
import Foundation
import ServiceKit

/// ListProducts' request, validated (003 §3.1, §1.4): the filters, and either an offset
/// page in a chosen order or a cursor page in createdAt order.
struct ProductListQuery: Sendable, Hashable {
    /// How the page is chosen.
    enum Paging: Sendable, Hashable {
        /// Page `page` (from 1) of `limit` items, sorted by `sort`.
        case offset(page: Int, limit: Int, sort: ProductSortField, descending: Bool)
        /// `limit` items after (or, `backward`, before) `cursor`; from the start (or the
        /// end) when there is no cursor.
        case cursor(ProductCursor?, backward: Bool, limit: Int)
    }

    /// Items per page when not given.
    static let defaultLimit = 25
    /// The most items per page.
    static let maxLimit = 100

    /// Which products.
    var filters: ProductFilters
    /// Which page of them.
    var paging: Paging

    /// Validates `request`; throws one `SeedError` naming every invalid member.
    init(_ request: ListProductsRequest) throws(SeedError) {
        var violations = FieldViolations()
        if request.limit > UInt32(Self.maxLimit) {
            violations.record(.outOfRange, field: "limit", "limit must be between 1 and \(Self.maxLimit)")
        }
        let limit = request.limit == 0 ? Self.defaultLimit : min(Int(request.limit), Self.maxLimit)
        var filters = ProductFilters()
        let search = request.search.trimmingSpaces
        if !search.isEmpty {
            filters.search = search
            filters.terms = ProductFilters.terms(of: search)
        }
        filters.category = request.category.trimmingSpaces.isEmpty ? nil : request.category.trimmingSpaces
        filters.status = request.status.domain
        filters.minPrice = violations.check { () throws(CatalogError) in try Self.priceBound(request.minPrice, field: "minPrice") } ?? nil
        filters.maxPrice = violations.check { () throws(CatalogError) in try Self.priceBound(request.maxPrice, field: "maxPrice") } ?? nil
        if let minPrice = filters.minPrice, let maxPrice = filters.maxPrice, minPrice > maxPrice {
            violations.record(.outOfRange, field: "minPrice", "minPrice must not be above maxPrice")
        }
        filters.inStock = request.inStock
        filters.hasEmbedding = request.hasEmbedding

        if !request.cursor.isEmpty || request.direction != .unspecified {
            // Cursor pages are in createdAt order only (catalog.proto): a page number or a
            // sort would be silently ignored, so they are refused.
            if request.page != 0 { violations.record(.invalidFormat, field: "page", "page cannot be combined with a cursor") }
            if request.sort != .unspecified { violations.record(.invalidFormat, field: "sort", "sort cannot be combined with a cursor") }
            if request.order != .unspecified { violations.record(.invalidFormat, field: "order", "order cannot be combined with a cursor") }
            var cursor: ProductCursor?
            if !request.cursor.isEmpty {
                cursor = ProductCursor(encoded: request.cursor)
                if cursor == nil { violations.record(.invalidFormat, field: "cursor", "cursor is not one this API returned") }
            }
            paging = .cursor(cursor, backward: request.direction == .backward, limit: limit)
        } else {
            paging = .offset(page: max(1, Int(request.page)), limit: limit, sort: request.sort, descending: request.order == .desc)
        }
        try violations.throwIfAny()
        self.filters = filters
    }

    /// A price filter: exact decimal text, zero or more; nil when absent.
    static func priceBound(_ value: CommonAPI.Decimal?, field: String) throws(CatalogError) -> Foundation.Decimal? {
        guard let value else { return nil }
        guard let parsed = DecimalText.parse(value.value.trimmingSpaces) else {
            throw CatalogError(.invalidFormat, field: field, "\(field) must be a decimal number, not \"\(value.value)\"")
        }
        guard parsed.value >= 0 else { throw CatalogError(.outOfRange, field: field, "\(field) must be 0 or more") }
        return parsed.value
    }
}
