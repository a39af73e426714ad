import CatalogAPI
import Foundation
import ServiceKit

/// A partial update (003 §3.4) applied to a product's values: exactly the members named in
/// `update_mask` change (catalog.proto, UpdateProductRequest).
enum ProductPatch {
    /// The mask name of the re-indexing action, which is not a field.
    static let reindexAction = "reindexForRAG"

    /// `old` with the masked members of `request` applied, the VAT rate checked against
    /// `vatRates` on `day`. Throws one `SeedError` naming every invalid member: unknown
    /// names and fields that cannot change here (sku, stock) with VAL_INVALID_FORMAT, a
    /// null for a field that cannot be null with VAL_REQUIRED_FIELD.
    static func apply(_ request: UpdateProductRequest, to old: ProductValues, vatRates: VatRateTable,
                      on day: CalendarDay) throws(SeedError) -> ProductValues {
        var violations = FieldViolations()
        var values = old
        var seen: Set<String> = []
        for name in request.updateMask where seen.insert(name).inserted && name != reindexAction {
            guard let field = ProductField(rawValue: name) else {
                violations.record(.invalidFormat, field: name, "\(name) is not a product field that can be updated")
                continue
            }
            violations.check { () throws(CatalogError) in try set(field, from: request, on: &values, vatRates: vatRates, day: day) }
        }
        try violations.throwIfAny()
        return values
    }

    private static func set(_ field: ProductField, from request: UpdateProductRequest, on values: inout ProductValues,
                            vatRates: VatRateTable, day: CalendarDay) throws(CatalogError) {
        switch field {
        case .sku:
            throw CatalogError(.invalidFormat, field: field.jsonName, "sku cannot be changed: it names the product")
        case .stock:
            throw CatalogError(.invalidFormat, field: field.jsonName, "stock changes only through AdjustStock, which records the movement")
        case .name: values.name = try ProductFieldValidation.text(request.name, field: .name)
        case .description: values.description = try ProductFieldValidation.text(request.description, field: .description, required: false)
        case .shortDescription:
            values.shortDescription = try ProductFieldValidation.text(request.shortDescription, field: .shortDescription, required: false)
        case .category: values.category = try ProductFieldValidation.text(request.category, field: .category)
        case .subcategory: values.subcategory = try ProductRequestValues.optionalText(request.subcategory, field: .subcategory)
        case .price: values.price = try ProductRequestValues.requiredAmount(request.price, field: .price)
        case .currency:
            guard let currency = request.currency.domain else { throw required(field) }
            values.currency = currency
        case .vatRate: values.vatRate = try ProductRequestValues.vatRate(request.vatRate, table: vatRates, on: day)
        case .costPrice: values.costPrice = try ProductRequestValues.optionalAmount(request.costPrice, field: .costPrice)
        case .unit: values.unit = try ProductFieldValidation.text(request.unit, field: .unit)
        case .weight: values.weight = try ProductRequestValues.optionalAmount(request.weight, field: .weight)
        case .dimensions: values.dimensions = try ProductRequestValues.dimensions(request.dimensions)
        case .minStock: values.minStock = try ProductFieldValidation.quantity(request.minStock, field: .minStock)
        case .reorderPoint: values.reorderPoint = try ProductFieldValidation.quantity(request.reorderPoint, field: .reorderPoint)
        case .specifications: values.specifications = try ProductRequestValues.specifications(request.specifications)
        case .tags: values.tags = try ProductRequestValues.tags(request.tags)
        case .status:
            guard let status = request.status.domain else { throw required(field) }
            values.status = status
        }
    }

    private static func required(_ field: ProductField) -> CatalogError {
        CatalogError(.requiredField, field: field.jsonName, "\(field.jsonName) cannot be null")
    }
}
