import Foundation

/// A product field a client can set, by its JSON name (003 §3.3, §3.4): the vocabulary of
/// `update_mask`, `changedFields`, import column mappings and export columns.
public enum ProductField: String, CaseIterable, Hashable, Sendable {
    /// The stock-keeping unit.
    case sku
    /// The name.
    case name
    /// The long description.
    case description
    /// The short description.
    case shortDescription
    /// The category.
    case category
    /// The subcategory (nullable).
    case subcategory
    /// The unit price without VAT.
    case price
    /// The currency.
    case currency
    /// The VAT rate in percent.
    case vatRate
    /// The unit cost (nullable).
    case costPrice
    /// The sales unit.
    case unit
    /// The weight in kilograms (nullable).
    case weight
    /// The size (nullable).
    case dimensions
    /// Units on hand.
    case stock
    /// The minimum wanted available.
    case minStock
    /// The reorder point.
    case reorderPoint
    /// Technical specifications.
    case specifications
    /// Free tags.
    case tags
    /// The lifecycle status.
    case status

    /// The field's JSON name.
    public var jsonName: String { rawValue }

    /// Fields a PATCH may set to null (003 §3.4 `| null`).
    public var isNullable: Bool {
        switch self {
        case .subcategory, .costPrice, .weight, .dimensions: return true
        default: return false
        }
    }

    /// The most characters a text field may hold; nil for fields that are not text.
    public var maxLength: Int? {
        switch self {
        case .sku: return 64
        case .name: return 255
        case .description: return 20_000
        case .shortDescription: return 500
        case .category, .subcategory: return 100
        case .unit: return 20
        default: return nil
        }
    }

    /// The most characters one tag may hold.
    public static let maxTagLength = 50

    /// The most decimals a price, cost or weight may have (unit prices go below the ban).
    public static let maxDecimalScale = 4

    /// Prices, costs and weights must be below this.
    public static let decimalLimit: Decimal = 1_000_000_000_000

    /// Fields an import can map a CSV column to: the flat ones.
    public static let importable: [ProductField] = allCases.filter { $0 != .dimensions && $0 != .specifications }

    /// Fields a new product must have (003 §3.3 required members).
    public static let requiredForCreate: [ProductField] = [.sku, .name, .category, .price, .vatRate, .unit]
}
