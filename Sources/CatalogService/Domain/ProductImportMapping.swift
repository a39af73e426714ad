/// Where each product field is in an import file: the client's mapping of CSV column
/// headers to product fields (003 §3.6 `mapping`), resolved against the file's header.
public struct ProductImportMapping: Hashable, Sendable {
    /// The column index of each mapped field.
    public let columns: [ProductField: Int]
    /// How many columns the header has; every row must have as many.
    public let columnCount: Int

    /// Resolves `mapping` (column header → field JSON name) against `header`, the file's
    /// first record. Headers match after trimming spaces. Throws every problem at once,
    /// as issues of line `headerLine`: an unknown field (VAL_INVALID_ENUM naming the
    /// importable ones), a column not in the header (VAL_REFERENCE_INVALID), two columns
    /// for one field (VAL_DUPLICATE), no column for `sku` (VAL_REQUIRED_FIELD).
    public init(mapping: [String: String], header: [String], headerLine: Int = 1) throws(ProductImportMapping.Invalid) {
        let trimmedHeader = header.map { $0.trimmingSpaces }
        var columns: [ProductField: Int] = [:]
        var issues: [ProductImportIssue] = []
        // Sorted so the issues come out in the same order on every run.
        for (column, target) in mapping.sorted(by: { $0.key < $1.key }) {
            let path = "mapping.\(column)"
            guard let field = ProductField(rawValue: target.trimmingSpaces), ProductField.importable.contains(field) else {
                let allowed = ProductField.importable.map(\.jsonName).joined(separator: ", ")
                issues.append(ProductImportIssue(row: headerLine, field: path,
                                                 message: "\"\(target)\" is not an importable product field; allowed: \(allowed)",
                                                 code: .invalidEnum))
                continue
            }
            guard let index = trimmedHeader.firstIndex(of: column.trimmingSpaces) else {
                issues.append(ProductImportIssue(row: headerLine, field: path,
                                                 message: "the file has no column \"\(column)\"", code: .referenceInvalid))
                continue
            }
            if columns[field] != nil {
                issues.append(ProductImportIssue(row: headerLine, field: path,
                                                 message: "\(field.jsonName) is mapped from more than one column", code: .duplicate))
                continue
            }
            columns[field] = index
        }
        if columns[.sku] == nil, !issues.contains(where: { $0.code == .invalidEnum || $0.code == .referenceInvalid }) {
            issues.append(ProductImportIssue(row: headerLine, field: "mapping",
                                             message: "no column is mapped to sku", code: .requiredField))
        }
        guard issues.isEmpty else { throw Invalid(issues: issues) }
        self.columns = columns
        self.columnCount = header.count
    }

    /// The problems of a mapping.
    public struct Invalid: Error, Hashable, Sendable {
        /// Every problem found.
        public let issues: [ProductImportIssue]
    }

    /// The text of `field` in `record`, trimmed; nil when the field is not mapped or the
    /// cell is empty.
    public func value(of field: ProductField, in record: CSVRecord) -> String? {
        guard let index = columns[field], index < record.fields.count else { return nil }
        let text = record.fields[index].trimmingSpaces
        return text.isEmpty ? nil : text
    }
}
