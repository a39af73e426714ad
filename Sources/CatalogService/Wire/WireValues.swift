import CommonAPI
import Foundation

// Conversions between the contract's wire types and the domain's: exact decimals travel as
// their text (catalog.proto, "Exact numbers"), instants as seconds and nanoseconds.

extension CommonAPI.Decimal {
    /// The wire form of an exact decimal: its plain text, e.g. "1234.50".
    init(_ value: Foundation.Decimal) {
        self.init(value: NSDecimalNumber(decimal: value).stringValue)
    }

    /// The exact value, or a `VAL_INVALID_FORMAT` error naming `field`.
    func decimal(field: String) throws(CatalogError) -> Foundation.Decimal {
        guard let parsed = DecimalText.parse(value) else {
            throw CatalogError(.invalidFormat, field: field, "\(field) must be a decimal number, not \"\(value)\"")
        }
        return parsed.value
    }
}


