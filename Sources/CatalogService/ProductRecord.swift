import Foundation

/// A product as the store reads it: identity, the client-settable values, stock computed
/// from the reservation rows, and bookkeeping.
struct ProductRecord: Sendable {
    /// The product's id.
    var id: UUID
    /// Its SKU.
    var sku: String
    /// Everything a client sets apart from SKU and stock.
    var values: ProductValues
    /// Units on hand.
    var stock: Int64
    /// Units held by reservations neither released nor expired.
    var reserved: Int64
    /// True when indexed for semantic search.
    var hasEmbedding: Bool
    /// The primary image's URL; empty when none.
    var thumbnailURL: String
    /// The id of the user who created it; empty when unknown.
    var createdBy: String
    /// When it was created.
    var createdAt: Date
    /// When it last changed.
    var updatedAt: Date
    /// `created_at` in microseconds since 1970, exactly as stored: the cursor's sort key.
    var createdMicros: Int64

    /// Units on hand and not reserved (never below zero, StockLevel's rule).
    var available: Int64 {
        StockLevel(total: stock, reserved: reserved).available
    }
}

/// A related product as GetProduct shows it (003 §3.2 `relatedProducts[]`).
struct RelatedProductRecord: Sendable, Hashable {
    /// The related product's id.
    var id: UUID
    /// Its SKU.
    var sku: String
    /// Its name.
    var name: String
    /// Its price without VAT.
    var price: Decimal
    /// upsell, crosssell or accessory.
    var relation: String
}
