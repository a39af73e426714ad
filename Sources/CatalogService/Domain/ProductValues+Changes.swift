import Foundation

extension ProductValues {
    /// The JSON names of the fields whose values differ between `old` and `new`, in
    /// `ProductField` order (003 §3.4 `changedFields`). Values compare as values: a price
    /// of 12.50 replaced by 12.5 did not change, and neither did a field a PATCH repeated.
    public static func changedFields(from old: ProductValues, to new: ProductValues) -> [String] {
        ProductField.allCases.filter { field in
            switch field {
            case .sku, .stock: return false  // not ProductValues: the SKU is fixed, stock moves through AdjustStock
            case .name: return old.name != new.name
            case .description: return old.description != new.description
            case .shortDescription: return old.shortDescription != new.shortDescription
            case .category: return old.category != new.category
            case .subcategory: return old.subcategory != new.subcategory
            case .price: return old.price != new.price
            case .currency: return old.currency != new.currency
            case .vatRate: return old.vatRate != new.vatRate
            case .costPrice: return old.costPrice != new.costPrice
            case .unit: return old.unit != new.unit
            case .weight: return old.weight != new.weight
            case .dimensions: return old.dimensions != new.dimensions
            case .minStock: return old.minStock != new.minStock
            case .reorderPoint: return old.reorderPoint != new.reorderPoint
            case .specifications: return old.specifications != new.specifications
            case .tags: return old.tags != new.tags
            case .status: return old.status != new.status
            }
        }.map(\.jsonName)
    }
}
