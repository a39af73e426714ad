import Foundation

extension ProductValues {
    /// The value of `field` as JSON text (`12.5`, `"buc"`, `null`, `["a","b"]`), as the audit
    /// log records a change's old and new values (003 §13.7 `oldValue`/`newValue: any`).
    /// Numbers keep their exact digits. Nil for `sku` and `stock`, which are not values here.
    public func jsonText(of field: ProductField) -> String? {
        func text(_ value: String?) -> String { value.map(JSONExportWriter.quoted) ?? "null" }
        func number(_ value: Decimal?) -> String { value.map(DecimalText.format) ?? "null" }
        switch field {
        case .sku, .stock: return nil
        case .name: return text(name)
        case .description: return text(description)
        case .shortDescription: return text(shortDescription)
        case .category: return text(category)
        case .subcategory: return text(subcategory)
        case .price: return number(price)
        case .currency: return text(currency.rawValue)
        case .vatRate: return number(vatRate)
        case .costPrice: return number(costPrice)
        case .unit: return text(unit)
        case .weight: return number(weight)
        case .dimensions:
            guard let dimensions else { return "null" }
            return #"{"length":\#(number(dimensions.length)),"width":\#(number(dimensions.width)),"#
                + #""height":\#(number(dimensions.height)),"unit":\#(text(dimensions.unit.rawValue))}"#
        case .minStock: return String(minStock)
        case .reorderPoint: return String(reorderPoint)
        case .specifications:
            // Sorted by name, so equal specifications always read the same.
            let members = specifications.keys.sorted().map { key in
                let value = switch specifications[key] {
                case .number(let value)?: number(value)
                case .text(let value)?: text(value)
                case nil: "null"
                }
                return text(key) + ":" + value
            }
            return "{" + members.joined(separator: ",") + "}"
        case .tags: return "[" + tags.map(JSONExportWriter.quoted).joined(separator: ",") + "]"
        case .status: return text(status.rawValue)
        }
    }
}
