import Foundation

/// One data row of a product import, validated field by field (003 §3.6). A field is nil
/// when its column is not mapped or its cell is empty: an update leaves it unchanged, a
/// create takes the seed's default or, for a required field, reports it missing.
public struct ProductImportRow: Hashable, Sendable {
    /// The physical line the row starts on.
    public var line: Int
    /// The SKU: the row's identity, always present.
    public var sku: String
    /// The name.
    public var name: String?
    /// The long description.
    public var description: String?
    /// The short description.
    public var shortDescription: String?
    /// The category.
    public var category: String?
    /// The subcategory.
    public var subcategory: String?
    /// The unit price without VAT.
    public var price: Decimal?
    /// The currency.
    public var currency: ProductValues.Currency?
    /// The VAT rate in percent, in force on the import's day.
    public var vatRate: Decimal?
    /// The unit cost.
    public var costPrice: Decimal?
    /// The sales unit.
    public var unit: String?
    /// The weight in kilograms.
    public var weight: Decimal?
    /// Units on hand.
    public var stock: Int64?
    /// The minimum wanted available.
    public var minStock: Int64?
    /// The reorder point.
    public var reorderPoint: Int64?
    /// The lifecycle status.
    public var status: ProductValues.Status?
    /// Free tags.
    public var tags: [String]?

    /// The problems of a row: one issue per invalid field.
    public struct Invalid: Error, Hashable, Sendable {
        /// Every problem found in the row.
        public let issues: [ProductImportIssue]
    }

    /// Validates `record` through `mapping`, checking the VAT rate against `vatRates` on
    /// `day`. Decimals may use ',' as the separator. Throws every invalid field of the row
    /// at once; a row with the wrong number of columns is one issue of the whole row.
    public init(record: CSVRecord, mapping: ProductImportMapping, vatRates: VatRateTable, on day: CalendarDay) throws(Invalid) {
        let line = record.line
        guard record.fields.count == mapping.columnCount else {
            throw Invalid(issues: [ProductImportIssue(row: line, field: "",
                                                      message: "expected \(mapping.columnCount) columns, found \(record.fields.count)",
                                                      code: .invalidFormat)])
        }
        var issues: [ProductImportIssue] = []
        func read<T>(_ field: ProductField, _ parse: (String) throws(CatalogError) -> T) -> T? {
            guard let text = mapping.value(of: field, in: record) else { return nil }
            do throws(CatalogError) {
                return try parse(text)
            } catch {
                issues.append(ProductImportIssue(row: line, error))
                return nil
            }
        }
        func text(_ field: ProductField) -> String? {
            read(field) { value throws(CatalogError) in try ProductFieldValidation.text(value, field: field) }
        }

        let sku = text(.sku)
        if sku == nil, mapping.value(of: .sku, in: record) == nil {
            issues.append(ProductImportIssue(row: line, field: "sku", message: "sku is required", code: .requiredField))
        }
        self.line = line
        self.sku = sku ?? ""
        self.name = text(.name)
        self.description = text(.description)
        self.shortDescription = text(.shortDescription)
        self.category = text(.category)
        self.subcategory = text(.subcategory)
        self.price = read(.price) { value throws(CatalogError) in try ProductFieldValidation.amount(value, field: .price, allowComma: true) }
        self.currency = read(.currency) { value throws(CatalogError) in try ProductFieldValidation.currency(value) }
        self.vatRate = read(.vatRate) { value throws(CatalogError) in
            try ProductFieldValidation.vatRate(value, table: vatRates, on: day, allowComma: true)
        }
        self.costPrice = read(.costPrice) { value throws(CatalogError) in try ProductFieldValidation.amount(value, field: .costPrice, allowComma: true) }
        self.unit = text(.unit)
        self.weight = read(.weight) { value throws(CatalogError) in try ProductFieldValidation.amount(value, field: .weight, allowComma: true) }
        self.stock = read(.stock) { value throws(CatalogError) in try ProductFieldValidation.quantity(value, field: .stock) }
        self.minStock = read(.minStock) { value throws(CatalogError) in try ProductFieldValidation.quantity(value, field: .minStock) }
        self.reorderPoint = read(.reorderPoint) { value throws(CatalogError) in try ProductFieldValidation.quantity(value, field: .reorderPoint) }
        self.status = read(.status) { value throws(CatalogError) in try ProductFieldValidation.status(value) }
        self.tags = read(.tags) { value throws(CatalogError) in try ProductFieldValidation.tags(value) }
        guard issues.isEmpty else { throw Invalid(issues: issues) }
    }

    /// The issues that stop this row from creating a product: a required field (003 §3.3)
    /// without a value, or the status discontinued.
    public func issuesForCreate() -> [ProductImportIssue] {
        var issues: [ProductImportIssue] = []
        let present: [ProductField: Bool] = [
            .sku: !sku.isEmpty, .name: name != nil, .category: category != nil,
            .price: price != nil, .vatRate: vatRate != nil, .unit: unit != nil,
        ]
        for field in ProductField.requiredForCreate where present[field] != true {
            issues.append(ProductImportIssue(row: line, field: field.jsonName,
                                             message: "\(field.jsonName) is required for a new product", code: .requiredField))
        }
        if status == .discontinued {
            issues.append(ProductImportIssue(row: line, field: ProductField.status.jsonName,
                                             message: "a new product must be active or inactive", code: .invalidEnum))
        }
        return issues
    }

    /// The values of a new product from this row, with the seed's defaults; nil while
    /// `issuesForCreate()` is not empty.
    public func valuesForCreate() -> ProductValues? {
        guard issuesForCreate().isEmpty, let name, let category, let price, let vatRate, let unit else { return nil }
        return ProductValues(name: name, description: description ?? "", shortDescription: shortDescription ?? "",
                             category: category, subcategory: subcategory, price: price, currency: currency ?? .ron,
                             vatRate: vatRate, costPrice: costPrice, unit: unit, weight: weight,
                             minStock: minStock ?? 0, reorderPoint: reorderPoint ?? 0, tags: tags ?? [],
                             status: status ?? .active)
    }

    /// `existing` with the fields this row has replaced: what an import with
    /// `updateExisting` writes. Empty cells leave fields unchanged. `stock` is not a
    /// product value: an import's stock goes through the ledger as an `import` movement.
    public func applied(to existing: ProductValues) -> ProductValues {
        var values = existing
        if let name { values.name = name }
        if let description { values.description = description }
        if let shortDescription { values.shortDescription = shortDescription }
        if let category { values.category = category }
        if let subcategory { values.subcategory = subcategory }
        if let price { values.price = price }
        if let currency { values.currency = currency }
        if let vatRate { values.vatRate = vatRate }
        if let costPrice { values.costPrice = costPrice }
        if let unit { values.unit = unit }
        if let weight { values.weight = weight }
        if let minStock { values.minStock = minStock }
        if let reorderPoint { values.reorderPoint = reorderPoint }
        if let status { values.status = status }
        if let tags { values.tags = tags }
        return values
    }
}
