import CatalogAPI
import CommonAPI
import Foundation

/// Checks of the wire forms of product fields, shared by CreateProduct and UpdateProduct.
/// Each returns the domain value or throws a `CatalogError` naming the field by its JSON
/// name (with a path for nested members: `dimensions.length`, `specifications.power`).
enum ProductRequestValues {
    /// The most specifications a product may have.
    static let maxSpecifications = 200
    /// The longest specification name.
    static let maxSpecificationNameLength = 100
    /// The longest specification text value.
    static let maxSpecificationTextLength = 1_000
    /// The most tags a product may have.
    static let maxTags = 50

    /// A required amount (price): VAL_REQUIRED_FIELD when absent.
    static func requiredAmount(_ value: CommonAPI.Decimal?, field: ProductField) throws(CatalogError) -> Foundation.Decimal {
        guard let value else {
            throw CatalogError(.requiredField, field: field.jsonName, "\(field.jsonName) is required")
        }
        return try ProductFieldValidation.amount(value.value, field: field)
    }

    /// An optional amount (cost, weight): nil when absent.
    static func optionalAmount(_ value: CommonAPI.Decimal?, field: ProductField) throws(CatalogError) -> Foundation.Decimal? {
        guard let value else { return nil }
        return try ProductFieldValidation.amount(value.value, field: field)
    }

    /// A VAT rate in force on `day` in `table`: VAL_REQUIRED_FIELD when absent,
    /// VAL_OUT_OF_RANGE naming the allowed rates when not in force.
    static func vatRate(_ value: CommonAPI.Decimal?, table: VatRateTable, on day: CalendarDay) throws(CatalogError) -> Foundation.Decimal {
        guard let value else {
            throw CatalogError(.requiredField, field: ProductField.vatRate.jsonName, "vatRate is required")
        }
        return try ProductFieldValidation.vatRate(value.value, table: table, on: day)
    }

    /// Optional text: empty means none.
    static func optionalText(_ value: String, field: ProductField) throws(CatalogError) -> String? {
        let text = try ProductFieldValidation.text(value, field: field, required: false)
        return text.isEmpty ? nil : text
    }

    /// A size whose three measures are present and above zero; its unit defaults to cm.
    static func dimensions(_ value: CatalogAPI.Dimensions?) throws(CatalogError) -> ProductValues.Dimensions? {
        guard let value else { return nil }
        func measure(_ decimal: CommonAPI.Decimal?, _ name: String) throws(CatalogError) -> Foundation.Decimal {
            let field = "dimensions." + name
            guard let decimal else { throw CatalogError(.requiredField, field: field, "\(field) is required") }
            guard let parsed = DecimalText.parse(decimal.value), parsed.scale <= ProductField.maxDecimalScale else {
                throw CatalogError(.invalidFormat, field: field, "\(field) must be a decimal number with at most \(ProductField.maxDecimalScale) decimals")
            }
            guard parsed.value > 0, parsed.value < ProductField.decimalLimit else {
                throw CatalogError(.outOfRange, field: field, "\(field) must be above 0 and below \(DecimalText.format(ProductField.decimalLimit))")
            }
            return parsed.value
        }
        return ProductValues.Dimensions(length: try measure(value.length, "length"), width: try measure(value.width, "width"),
                                        height: try measure(value.height, "height"), unit: value.unit == .m ? .m : .cm)
    }

    /// Specifications with trimmed, non-empty names; each value text or an exact number.
    static func specifications(_ value: [String: SpecificationValue]) throws(CatalogError) -> [String: ProductValues.SpecificationValue] {
        guard value.count <= maxSpecifications else {
            throw CatalogError(.outOfRange, field: "specifications", "at most \(maxSpecifications) specifications are allowed")
        }
        var result: [String: ProductValues.SpecificationValue] = [:]
        for (rawName, specification) in value {
            let name = rawName.trimmingSpaces
            let field = "specifications." + name
            guard !name.isEmpty else {
                throw CatalogError(.requiredField, field: "specifications", "a specification name is empty")
            }
            guard name.count <= maxSpecificationNameLength, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw CatalogError(.invalidFormat, field: field, "a specification name is at most \(maxSpecificationNameLength) printable characters")
            }
            guard result[name] == nil else {
                throw CatalogError(.duplicate, field: field, "specification \"\(name)\" is given twice")
            }
            switch specification.kind {
            case .text(let text)?:
                guard text.count <= maxSpecificationTextLength else {
                    throw CatalogError(.outOfRange, field: field, "\(field) is longer than \(maxSpecificationTextLength) characters")
                }
                result[name] = .text(text)
            case .number(let number)?:
                guard let parsed = DecimalText.parse(number.value) else {
                    throw CatalogError(.invalidFormat, field: field, "\(field) must be a decimal number, not \"\(number.value)\"")
                }
                result[name] = .number(parsed.value)
            case nil:
                throw CatalogError(.requiredField, field: field, "\(field) needs a text or a number")
            }
        }
        return result
    }

    /// Tags trimmed, empty ones dropped, each kept once in order.
    static func tags(_ value: [String]) throws(CatalogError) -> [String] {
        var tags: [String] = []
        for raw in value {
            let tag = raw.trimmingSpaces
            guard !tag.isEmpty, !tags.contains(tag) else { continue }
            guard tag.count <= ProductField.maxTagLength else {
                throw CatalogError(.outOfRange, field: "tags", "tag \"\(tag.prefix(20))…\" is longer than \(ProductField.maxTagLength) characters")
            }
            tags.append(tag)
        }
        guard tags.count <= maxTags else {
            throw CatalogError(.outOfRange, field: "tags", "at most \(maxTags) tags are allowed")
        }
        return tags
    }
}
