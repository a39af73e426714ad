import Foundation

/// A column an export may have (003 §3.8 `fields`), by the product field's JSON name. The
/// columns an import can read come first, spelled alike, so an exported CSV imports back.
/// Dimensions and specifications are structured values with no single cell form and are not
/// exported.
public enum ProductExportColumn: String, CaseIterable, Hashable, Sendable {
    /// The product's id.
    case id
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
    /// The subcategory.
    case subcategory
    /// The unit price without VAT.
    case price
    /// The currency.
    case currency
    /// The VAT rate in percent.
    case vatRate
    /// The unit cost.
    case costPrice
    /// The sales unit.
    case unit
    /// The weight in kilograms.
    case weight
    /// Units on hand.
    case stock
    /// The minimum wanted available.
    case minStock
    /// The reorder point.
    case reorderPoint
    /// Tags, comma-separated.
    case tags
    /// The lifecycle status.
    case status
    /// When it was created (RFC 3339).
    case createdAt
    /// When it last changed (RFC 3339).
    case updatedAt
    /// Image URLs, space-separated (with `includeImages`).
    case images

    /// The columns of an export that names none: everything but the images.
    public static let defaults: [ProductExportColumn] = allCases.filter { $0 != .images }

    /// The columns asked for, in order: `fields` (JSON names) or the defaults when empty,
    /// with `images` added last for `includeImages`.
    ///
    /// - Throws: VAL_INVALID_ENUM for an unknown name, VAL_DUPLICATE for one named twice
    ///   (field `fields[i]`).
    public static func columns(fields: [String], includeImages: Bool) throws(CatalogError) -> [ProductExportColumn] {
        var columns: [ProductExportColumn] = []
        for (index, name) in fields.enumerated() {
            guard let column = ProductExportColumn(rawValue: name.trimmingSpaces) else {
                let allowed = allCases.map(\.rawValue).joined(separator: ", ")
                throw CatalogError(.invalidEnum, field: "fields[\(index)]", "\"\(name)\" is not an exportable field; allowed: \(allowed)")
            }
            guard !columns.contains(column) else {
                throw CatalogError(.duplicate, field: "fields[\(index)]", "\(column.rawValue) is listed twice")
            }
            columns.append(column)
        }
        if columns.isEmpty { columns = defaults }
        if includeImages, !columns.contains(.images) { columns.append(.images) }
        return columns
    }
}

/// One product as an export reads it.
public struct ExportedProduct: Hashable, Sendable {
    /// The product's id, lower-case.
    public var id: String
    /// The stock-keeping unit.
    public var sku: String
    /// The values of its client-settable fields.
    public var values: ProductValues
    /// Units on hand.
    public var stock: Int64
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Its image URLs.
    public var imageURLs: [String]

    /// A product with the given values.
    public init(id: String, sku: String, values: ProductValues, stock: Int64, createdAt: Date, updatedAt: Date, imageURLs: [String] = []) {
        self.id = id
        self.sku = sku
        self.values = values
        self.stock = stock
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.imageURLs = imageURLs
    }

    /// Its cell in `column`: numbers as numbers, absent values empty.
    public func value(_ column: ProductExportColumn) -> ExportTable.Value {
        switch column {
        case .id: return .text(id)
        case .sku: return .text(sku)
        case .name: return .text(values.name)
        case .description: return .text(values.description)
        case .shortDescription: return .text(values.shortDescription)
        case .category: return .text(values.category)
        case .subcategory: return values.subcategory.map(ExportTable.Value.text) ?? .empty
        case .price: return .number(values.price)
        case .currency: return .text(values.currency.rawValue)
        case .vatRate: return .number(values.vatRate)
        case .costPrice: return values.costPrice.map(ExportTable.Value.number) ?? .empty
        case .unit: return .text(values.unit)
        case .weight: return values.weight.map(ExportTable.Value.number) ?? .empty
        case .stock: return .integer(stock)
        case .minStock: return .integer(values.minStock)
        case .reorderPoint: return .integer(values.reorderPoint)
        case .tags: return .text(values.tags.joined(separator: ", "))
        case .status: return .text(values.status.rawValue)
        case .createdAt: return .text(Self.rfc3339(createdAt))
        case .updatedAt: return .text(Self.rfc3339(updatedAt))
        case .images: return imageURLs.isEmpty ? .empty : .text(imageURLs.joined(separator: " "))
        }
    }

    /// The table of `products` with `columns`.
    public static func table(_ products: [ExportedProduct], columns: [ProductExportColumn]) -> ExportTable {
        ExportTable(columns: columns.map(\.rawValue), rows: products.map { product in columns.map(product.value) })
    }

    /// `2026-01-18T09:30:00.250Z`.
    static func rfc3339(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
