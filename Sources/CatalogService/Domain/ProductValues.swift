import Foundation

/// The values of a product's client-settable fields (003 §3.2–3.4), apart from stock: what
/// an update changes and `changedFields` compares.
public struct ProductValues: Hashable, Sendable {
    /// A product's lifecycle status (003 §3.1).
    public enum Status: String, CaseIterable, Hashable, Sendable {
        /// Sold and offered.
        case active
        /// Kept but not offered.
        case inactive
        /// No longer sold.
        case discontinued
    }

    /// The currencies a price may be in (003 §3.1), spelled as ISO 4217.
    public enum Currency: String, CaseIterable, Hashable, Sendable {
        /// Romanian leu, the default.
        case ron = "RON"
        /// Euro.
        case eur = "EUR"
        /// US dollar.
        case usd = "USD"
    }

    /// A product's size (003 §3.2 `dimensions`).
    public struct Dimensions: Hashable, Sendable {
        /// The unit of the three measures.
        public enum Unit: String, Hashable, Sendable {
            /// Centimetres, the default.
            case cm
            /// Metres.
            case m
        }
        /// Length.
        public var length: Decimal
        /// Width.
        public var width: Decimal
        /// Height.
        public var height: Decimal
        /// Their unit.
        public var unit: Unit

        /// A size in `unit`.
        public init(length: Decimal, width: Decimal, height: Decimal, unit: Unit = .cm) {
            self.length = length
            self.width = width
            self.height = height
            self.unit = unit
        }
    }

    /// One specification value: text or an exact number (003 §3.2).
    public enum SpecificationValue: Hashable, Sendable {
        /// A text value.
        case text(String)
        /// A numeric value.
        case number(Decimal)
    }

    /// The name.
    public var name: String
    /// The long description.
    public var description: String
    /// The short description.
    public var shortDescription: String
    /// The category.
    public var category: String
    /// The subcategory; nil is null.
    public var subcategory: String?
    /// The unit price without VAT.
    public var price: Decimal
    /// The currency.
    public var currency: Currency
    /// The VAT rate in percent.
    public var vatRate: Decimal
    /// The unit cost; nil is null.
    public var costPrice: Decimal?
    /// The sales unit.
    public var unit: String
    /// The weight in kilograms; nil is null.
    public var weight: Decimal?
    /// The size; nil is null.
    public var dimensions: Dimensions?
    /// The minimum wanted available.
    public var minStock: Int64
    /// The reorder point.
    public var reorderPoint: Int64
    /// Technical specifications by name.
    public var specifications: [String: SpecificationValue]
    /// Free tags, in order.
    public var tags: [String]
    /// The lifecycle status.
    public var status: Status

    /// Values with the seed's defaults for what is not given.
    public init(name: String, description: String = "", shortDescription: String = "", category: String,
                subcategory: String? = nil, price: Decimal, currency: Currency = .ron, vatRate: Decimal,
                costPrice: Decimal? = nil, unit: String, weight: Decimal? = nil, dimensions: Dimensions? = nil,
                minStock: Int64 = 0, reorderPoint: Int64 = 0, specifications: [String: SpecificationValue] = [:],
                tags: [String] = [], status: Status = .active) {
        self.name = name
        self.description = description
        self.shortDescription = shortDescription
        self.category = category
        self.subcategory = subcategory
        self.price = price
        self.currency = currency
        self.vatRate = vatRate
        self.costPrice = costPrice
        self.unit = unit
        self.weight = weight
        self.dimensions = dimensions
        self.minStock = minStock
        self.reorderPoint = reorderPoint
        self.specifications = specifications
        self.tags = tags
        self.status = status
    }
}
