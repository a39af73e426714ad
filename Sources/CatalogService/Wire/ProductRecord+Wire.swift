import CatalogAPI
import CommonAPI
import Foundation

extension ProductListItem {
    /// The list shape of `record` (003 §3.1 `ProductListItem`).
    init(_ record: ProductRecord) {
        let values = record.values
        self.init(
            id: record.id.uuidString.lowercased(), sku: record.sku, name: values.name, category: values.category,
            price: CommonAPI.Decimal(money: values.price), currency: CatalogAPI.Currency(values.currency),
            vatRate: CommonAPI.Decimal(values.vatRate), unit: values.unit, stock: record.stock,
            status: ProductStatus(values.status), hasEmbedding: record.hasEmbedding, thumbnailUrl: record.thumbnailURL,
            createdAt: Timestamp(record.createdAt), updatedAt: Timestamp(record.updatedAt))
    }
}

extension RelatedProduct {
    /// `record` as GetProduct shows it.
    init(_ record: RelatedProductRecord) {
        self.init(id: record.id.uuidString.lowercased(), sku: record.sku, name: record.name,
                  price: CommonAPI.Decimal(money: record.price), relation: ProductRelation(storedName: record.relation))
    }
}

extension ProductDetail {
    /// The full shape of `record` (003 §3.2): prices with VAT and margin from PriceMath,
    /// stock from the reservation rows.
    ///
    /// `images` and `documents` are empty: no call attaches media yet. `pricingRules` is
    /// empty too: pricing rules belong to the Negotiation service (003 §5, DESIGN table),
    /// and Catalog never reads another service's data; the gateway or Negotiation adds them.
    /// The embedding block reports the stored flag with no chunks or model, since no
    /// embedding provider indexes products yet.
    init(_ record: ProductRecord, related: [RelatedProductRecord]) {
        let values = record.values
        self.init()
        id = record.id.uuidString.lowercased()
        sku = record.sku
        name = values.name
        description = values.description
        shortDescription = values.shortDescription
        category = values.category
        subcategory = values.subcategory ?? ""
        price = CommonAPI.Decimal(money: values.price)
        currency = CatalogAPI.Currency(values.currency)
        vatRate = CommonAPI.Decimal(values.vatRate)
        priceWithVat = CommonAPI.Decimal(money: PriceMath.priceWithVat(price: values.price, vatRate: values.vatRate))
        costPrice = values.costPrice.map { CommonAPI.Decimal(money: $0) }
        margin = PriceMath.margin(price: values.price, cost: values.costPrice).map { CommonAPI.Decimal(money: $0) }
        stock = record.stock
        reservedStock = record.reserved
        availableStock = record.available
        minStock = values.minStock
        reorderPoint = values.reorderPoint
        unit = values.unit
        weight = values.weight.map { CommonAPI.Decimal($0) }
        dimensions = values.dimensions.map { CatalogAPI.Dimensions($0) }
        specifications = values.specifications.mapValues { SpecificationValue($0) }
        embedding = ProductEmbedding(hasEmbedding: record.hasEmbedding, lastIndexedAt: nil, chunkCount: 0, model: "")
        status = ProductStatus(values.status)
        tags = values.tags
        createdAt = Timestamp(record.createdAt)
        updatedAt = Timestamp(record.updatedAt)
        createdBy = record.createdBy
        relatedProducts = related.map(RelatedProduct.init)
        pricingRules = []
    }
}
