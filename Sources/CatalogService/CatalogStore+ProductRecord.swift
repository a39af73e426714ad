import Foundation
import Postgres

// How the store reads a product: one column list and one FROM clause shared by every
// product query, so list, detail, search and update see the same numbers.

extension CatalogStore {
    /// The columns `ProductRecord(row:)` reads, from `productSource(now:)`'s `p` and `held`.
    static let productColumns: PGQuery = """
        p.id, p.sku, p.name, p.description, p.short_description, p.category, p.subcategory,
        p.price, p.currency, p.vat_rate, p.cost_price, p.unit, p.weight,
        p.dimensions ->> 'length' AS dimension_length, p.dimensions ->> 'width' AS dimension_width,
        p.dimensions ->> 'height' AS dimension_height, p.dimensions ->> 'unit' AS dimension_unit,
        p.stock, p.min_stock, p.reorder_point, p.tags, p.status, p.has_embedding,
        coalesce(p.thumbnail_url, '') AS thumbnail_url, p.created_by, p.created_at, p.updated_at,
        (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_micros,
        held.quantity AS reserved_stock,
        ARRAY(SELECT s.key FROM jsonb_each(p.specifications) s ORDER BY s.key) AS specification_keys,
        ARRAY(SELECT jsonb_typeof(s.value) FROM jsonb_each(p.specifications) s ORDER BY s.key) AS specification_kinds,
        ARRAY(SELECT coalesce(s.value #>> '{}', '') FROM jsonb_each(p.specifications) s ORDER BY s.key) AS specification_values
        """

    /// `products p` with `held.quantity`: the units held by reservations that are
    /// neither released nor expired at `now`, summed from the rows (never a counter, so it
    /// cannot drift from the reservations themselves).
    static func productSource(now: Date) -> PGQuery {
        """
        products p
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(ri.reserved), 0)::bigint AS quantity
            FROM reservation_items ri
            JOIN reservations r ON r.tenant_id = ri.tenant_id AND r.id = ri.reservation_id
            WHERE ri.tenant_id = p.tenant_id AND ri.product_id = p.id
              AND r.released_at IS NULL AND r.expires_at > \(now)
        ) held
        """
    }
}

extension ProductRecord {
    /// A record from a row with `CatalogStore.productColumns`.
    init(row: PGRow) throws {
        var dimensions: ProductValues.Dimensions?
        if let length = try row.decode(Decimal?.self, column: "dimension_length"),
           let width = try row.decode(Decimal?.self, column: "dimension_width"),
           let height = try row.decode(Decimal?.self, column: "dimension_height") {
            let unit = try row.decode(String?.self, column: "dimension_unit").flatMap(ProductValues.Dimensions.Unit.init(rawValue:))
            dimensions = ProductValues.Dimensions(length: length, width: width, height: height, unit: unit ?? .cm)
        }
        let keys = try row.decode([String].self, column: "specification_keys")
        let kinds = try row.decode([String].self, column: "specification_kinds")
        let texts = try row.decode([String].self, column: "specification_values")
        var specifications: [String: ProductValues.SpecificationValue] = [:]
        for (index, key) in keys.enumerated() where index < kinds.count && index < texts.count {
            let text = texts[index]
            if kinds[index] == "number", let number = DecimalText.parse(text) {
                specifications[key] = .number(number.value)
            } else {
                specifications[key] = .text(text)
            }
        }
        let values = ProductValues(
            name: try row.decode(column: "name"), description: try row.decode(column: "description"),
            shortDescription: try row.decode(column: "short_description"), category: try row.decode(column: "category"),
            subcategory: try row.decode(String?.self, column: "subcategory"), price: try row.decode(column: "price"),
            currency: ProductValues.Currency(rawValue: try row.decode(column: "currency")) ?? .ron,
            vatRate: try row.decode(column: "vat_rate"), costPrice: try row.decode(Decimal?.self, column: "cost_price"),
            unit: try row.decode(column: "unit"), weight: try row.decode(Decimal?.self, column: "weight"),
            dimensions: dimensions, minStock: try row.decode(column: "min_stock"),
            reorderPoint: try row.decode(column: "reorder_point"), specifications: specifications,
            tags: try row.decode([String].self, column: "tags"),
            status: ProductValues.Status(rawValue: try row.decode(column: "status")) ?? .active)
        self.init(
            id: try row.decode(column: "id"), sku: try row.decode(column: "sku"), values: values,
            stock: try row.decode(column: "stock"), reserved: try row.decode(column: "reserved_stock"),
            hasEmbedding: try row.decode(column: "has_embedding"), thumbnailURL: try row.decode(column: "thumbnail_url"),
            createdBy: try row.decode(column: "created_by"), createdAt: try row.decode(column: "created_at"),
            updatedAt: try row.decode(column: "updated_at"), createdMicros: try row.decode(column: "created_micros"))
    }
}
