import CatalogAPI
import CommonAPI
import Foundation

// Conversions between the contract's product enums and the domain's (catalog.proto
// "Enums": the zero value means "not given" and is never stored).

extension ProductStatus {
    init(_ status: ProductValues.Status) {
        switch status {
        case .active: self = .active
        case .inactive: self = .inactive
        case .discontinued: self = .discontinued
        }
    }

    /// The domain status; nil for `.unspecified`.
    var domain: ProductValues.Status? {
        switch self {
        case .active: .active
        case .inactive: .inactive
        case .discontinued: .discontinued
        case .unspecified: nil
        }
    }
}

extension CatalogAPI.Currency {
    init(_ currency: ProductValues.Currency) {
        switch currency {
        case .ron: self = .ron
        case .eur: self = .eur
        case .usd: self = .usd
        }
    }

    /// The domain currency; nil for `.unspecified`.
    var domain: ProductValues.Currency? {
        switch self {
        case .ron: .ron
        case .eur: .eur
        case .usd: .usd
        case .unspecified: nil
        }
    }
}

extension ProductRelation {
    /// The stored spelling (`product_relations.relation`); nil for `.unspecified`.
    var storedName: String? {
        switch self {
        case .upsell: "upsell"
        case .crosssell: "crosssell"
        case .accessory: "accessory"
        case .unspecified: nil
        }
    }

    init(storedName: String) {
        switch storedName {
        case "upsell": self = .upsell
        case "crosssell": self = .crosssell
        case "accessory": self = .accessory
        default: self = .unspecified
        }
    }
}

extension CatalogAPI.Dimensions {
    init(_ dimensions: ProductValues.Dimensions) {
        self.init(length: CommonAPI.Decimal(dimensions.length), width: CommonAPI.Decimal(dimensions.width),
                  height: CommonAPI.Decimal(dimensions.height), unit: dimensions.unit == .m ? .m : .cm)
    }
}

extension SpecificationValue {
    init(_ value: ProductValues.SpecificationValue) {
        switch value {
        case .text(let text): self.init(kind: .text(text))
        case .number(let number): self.init(kind: .number(CommonAPI.Decimal(number)))
        }
    }
}

extension CommonAPI.Decimal {
    /// An amount of money as text with at least two decimals ("1234.50", "0.1234"), as
    /// prices are written (catalog.proto, "Exact numbers").
    init(money value: Foundation.Decimal) {
        let plain = NSDecimalNumber(decimal: value).stringValue
        let decimals = plain.firstIndex(of: ".").map { plain.distance(from: $0, to: plain.endIndex) - 1 } ?? 0
        self.init(value: decimals >= 2 ? plain : DecimalText.format(value, scale: 2))
    }
}
