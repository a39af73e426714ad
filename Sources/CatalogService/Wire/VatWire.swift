import CatalogAPI
import CommonAPI

// The VAT table's rows and categories on the wire (catalog.proto VatRate, VatCategory).

extension VatRateTable.Category {
    init?(_ category: VatCategory) {
        switch category {
        case .standard: self = .standard
        case .reduced: self = .reduced
        case .transitional: self = .transitional
        case .zero: self = .zero
        case .unspecified: return nil
        }
    }
}

extension VatCategory {
    init(_ category: VatRateTable.Category) {
        switch category {
        case .standard: self = .standard
        case .reduced: self = .reduced
        case .transitional: self = .transitional
        case .zero: self = .zero
        }
    }
}

extension VatRate {
    /// The wire shape of one row.
    init(_ entry: VatRateTable.Entry) {
        self.init(rate: CommonAPI.Decimal(entry.rate), category: VatCategory(entry.category), validFrom: entry.validFrom.description,
                  validTo: entry.validTo?.description ?? "", description: entry.description)
    }
}
