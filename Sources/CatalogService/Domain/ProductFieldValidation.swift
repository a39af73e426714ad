import Foundation

/// Checks of one product field's value, shared by CreateProduct, UpdateProduct and the
/// import. Each returns the normalized value or throws a `CatalogError` naming the field
/// with the seed's code: VAL_REQUIRED_FIELD, VAL_INVALID_FORMAT, VAL_OUT_OF_RANGE or
/// VAL_INVALID_ENUM.
public enum ProductFieldValidation {
    /// `value` trimmed; throws when it is empty and `required`, or longer than the field allows.
    public static func text(_ value: String, field: ProductField, required: Bool = true) throws(CatalogError) -> String {
        let trimmed = value.trimmingSpaces
        if trimmed.isEmpty, required {
            throw CatalogError(.requiredField, field: field.jsonName, "\(field.jsonName) is required")
        }
        if let limit = field.maxLength, trimmed.count > limit {
            throw CatalogError(.outOfRange, field: field.jsonName, "\(field.jsonName) is longer than \(limit) characters")
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
            throw CatalogError(.invalidFormat, field: field.jsonName, "\(field.jsonName) contains control characters")
        }
        return trimmed
    }

    /// An exact, non-negative amount (price, cost, weight) from decimal text with at most
    /// `ProductField.maxDecimalScale` decimals, below `ProductField.decimalLimit`.
    /// `allowComma` accepts "12,50" as spreadsheets in Romanian write it.
    public static func amount(_ text: String, field: ProductField, allowComma: Bool = false) throws(CatalogError) -> Decimal {
        guard let parsed = DecimalText.parse(text.trimmingSpaces, allowComma: allowComma) else {
            throw CatalogError(.invalidFormat, field: field.jsonName, "\(field.jsonName) must be a decimal number such as 12.50, not \"\(text)\"")
        }
        guard parsed.scale <= ProductField.maxDecimalScale else {
            throw CatalogError(.invalidFormat, field: field.jsonName, "\(field.jsonName) has more than \(ProductField.maxDecimalScale) decimals")
        }
        return try amount(parsed.value, field: field)
    }

    /// An exact amount checked for range: zero or more, below `ProductField.decimalLimit`.
    public static func amount(_ value: Decimal, field: ProductField) throws(CatalogError) -> Decimal {
        guard value >= 0, value < ProductField.decimalLimit else {
            throw CatalogError(.outOfRange, field: field.jsonName, "\(field.jsonName) must be at least 0 and below \(DecimalText.format(ProductField.decimalLimit))")
        }
        return value
    }

    /// A stock quantity (stock, minStock, reorderPoint) from integer text: digits only.
    public static func quantity(_ text: String, field: ProductField) throws(CatalogError) -> Int64 {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CatalogError(.invalidFormat, field: field.jsonName, "\(field.jsonName) must be a whole number, not \"\(text)\"")
        }
        guard let value = Int64(trimmed) else {
            throw CatalogError(.outOfRange, field: field.jsonName, "\(field.jsonName) is too large")
        }
        return try quantity(value, field: field)
    }

    /// A stock quantity checked for range: zero or more.
    public static func quantity(_ value: Int64, field: ProductField) throws(CatalogError) -> Int64 {
        guard value >= 0 else {
            throw CatalogError(.outOfRange, field: field.jsonName, "\(field.jsonName) must be 0 or more")
        }
        return value
    }

    /// A VAT rate in percent from text ("21", "21%", "9.0"), in force on `day` in `table`.
    public static func vatRate(_ text: String, table: VatRateTable, on day: CalendarDay, allowComma: Bool = false) throws(CatalogError) -> Decimal {
        var trimmed = text.trimmingSpaces
        if trimmed.hasSuffix("%") { trimmed = String(trimmed.dropLast()).trimmingSpaces }
        guard let parsed = DecimalText.parse(trimmed, allowComma: allowComma) else {
            throw CatalogError(.invalidFormat, field: ProductField.vatRate.jsonName, "vatRate must be a number of percent such as 21, not \"\(text)\"")
        }
        try table.validate(parsed.value, on: day, field: ProductField.vatRate.jsonName)
        return parsed.value
    }

    /// A currency from its ISO code, in any case.
    public static func currency(_ text: String) throws(CatalogError) -> ProductValues.Currency {
        try oneOf(text, field: .currency, normalize: { $0.uppercased() })
    }

    /// A status from its spelling, in any case. `allowDiscontinued` is false for a new product.
    public static func status(_ text: String, allowDiscontinued: Bool = true) throws(CatalogError) -> ProductValues.Status {
        let status: ProductValues.Status = try oneOf(text, field: .status, normalize: { $0.lowercased() })
        if status == .discontinued, !allowDiscontinued {
            throw CatalogError(.invalidEnum, field: ProductField.status.jsonName, "a new product must be active or inactive")
        }
        return status
    }

    /// Tags from comma-separated text, trimmed, empty ones dropped, duplicates kept once.
    public static func tags(_ text: String) throws(CatalogError) -> [String] {
        var tags: [String] = []
        for part in text.split(separator: ",") {
            let tag = String(part).trimmingSpaces
            guard !tag.isEmpty, !tags.contains(tag) else { continue }
            guard tag.count <= ProductField.maxTagLength else {
                throw CatalogError(.outOfRange, field: ProductField.tags.jsonName, "tag \"\(tag.prefix(20))…\" is longer than \(ProductField.maxTagLength) characters")
            }
            tags.append(tag)
        }
        return tags
    }

    private static func oneOf<Value: RawRepresentable & CaseIterable>(
        _ text: String, field: ProductField, normalize: (String) -> String
    ) throws(CatalogError) -> Value where Value.RawValue == String {
        if let value = Value(rawValue: normalize(text.trimmingSpaces)) { return value }
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw CatalogError(.invalidEnum, field: field.jsonName, "\(field.jsonName) must be one of \(allowed), not \"\(text)\"")
    }
}
