import CatalogAPI
import Foundation
import ServiceKit

/// A new product, validated (003 §3.3): what CreateProduct inserts.
struct ProductDraft: Sendable, Hashable {
    /// The SKU, trimmed.
    var sku: String
    /// The values, with the seed's defaults for what was not given.
    var values: ProductValues
    /// Units on hand to start with.
    var stock: Int64
    /// Whether the caller asked for semantic-search indexing (true when not given).
    var indexForRAG: Bool

    /// Validates every field of `request`, the VAT rate against `vatRates` on `day`;
    /// throws one `SeedError` naming every invalid field.
    init(_ request: CreateProductRequest, vatRates: VatRateTable, on day: CalendarDay) throws(SeedError) {
        var violations = FieldViolations()
        func text(_ value: String, _ field: ProductField, required: Bool = true) -> String? {
            violations.check { () throws(CatalogError) in try ProductFieldValidation.text(value, field: field, required: required) }
        }
        let sku = text(request.sku, .sku)
        let name = text(request.name, .name)
        let description = text(request.description, .description, required: false)
        let shortDescription = text(request.shortDescription, .shortDescription, required: false)
        let category = text(request.category, .category)
        let subcategory = violations.check { () throws(CatalogError) in try ProductRequestValues.optionalText(request.subcategory, field: .subcategory) }
        let price = violations.check { () throws(CatalogError) in try ProductRequestValues.requiredAmount(request.price, field: .price) }
        let vatRate = violations.check { () throws(CatalogError) in try ProductRequestValues.vatRate(request.vatRate, table: vatRates, on: day) }
        let costPrice = violations.check { () throws(CatalogError) in try ProductRequestValues.optionalAmount(request.costPrice, field: .costPrice) }
        let unit = text(request.unit, .unit)
        let weight = violations.check { () throws(CatalogError) in try ProductRequestValues.optionalAmount(request.weight, field: .weight) }
        let dimensions = violations.check { () throws(CatalogError) in try ProductRequestValues.dimensions(request.dimensions) }
        let stock = violations.check { () throws(CatalogError) in try ProductFieldValidation.quantity(request.stock, field: .stock) }
        let minStock = violations.check { () throws(CatalogError) in try ProductFieldValidation.quantity(request.minStock, field: .minStock) }
        let reorderPoint = violations.check { () throws(CatalogError) in try ProductFieldValidation.quantity(request.reorderPoint, field: .reorderPoint) }
        let specifications = violations.check { () throws(CatalogError) in try ProductRequestValues.specifications(request.specifications) }
        let tags = violations.check { () throws(CatalogError) in try ProductRequestValues.tags(request.tags) }
        let status = request.status.domain ?? .active
        if status == .discontinued {
            violations.record(.invalidEnum, field: ProductField.status.jsonName, "a new product must be active or inactive")
        }
        try violations.throwIfAny()
        guard let sku, let name, let description, let shortDescription, let category, let price, let vatRate, let unit,
              let stock, let minStock, let reorderPoint, let specifications, let tags else {
            throw SeedError("SYS_INTERNAL_ERROR", "validation passed without a value")  // unreachable: every nil was recorded
        }
        self.sku = sku
        self.values = ProductValues(
            name: name, description: description, shortDescription: shortDescription, category: category,
            subcategory: subcategory ?? nil, price: price, currency: request.currency.domain ?? .ron, vatRate: vatRate,
            costPrice: costPrice ?? nil, unit: unit, weight: weight ?? nil, dimensions: dimensions ?? nil,
            minStock: minStock, reorderPoint: reorderPoint, specifications: specifications, tags: tags, status: status)
        self.stock = stock
        if case .indexForRag(let index)? = request.indexForRagChoice {
            self.indexForRAG = index
        } else {
            self.indexForRAG = true
        }
    }
}
