import Foundation

/// Which products a list or search considers (003 §3.1 and §3.7 filters). Soft-deleted
/// products are never among them.
struct ProductFilters: Sendable, Hashable {
    /// The search text as given, for trigram similarity on the name; nil for no search.
    var search: String?
    /// Its folded words (`TextFolding.terms`), for full-text matching as prefixes.
    var terms: [String] = []
    /// Only this category.
    var category: String?
    /// Only this status.
    var status: ProductValues.Status?
    /// Only prices at or above this.
    var minPrice: Decimal?
    /// Only prices at or below this.
    var maxPrice: Decimal?
    /// Only products with available stock (on hand minus active reservations) above zero.
    var inStock = false
    /// Only products indexed for semantic search.
    var hasEmbedding = false

    /// The search words full text matches: words of two characters or more, so "a" does
    /// not match every word beginning with it; all of them when every word is shorter.
    static func terms(of search: String) -> [String] {
        let all = TextFolding.terms(in: search)
        let long = all.filter { $0.count >= SearchHighlighter.minimumTermLength }
        return long.isEmpty ? all : long
    }
}
