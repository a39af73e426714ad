/// What an import does with each row of its file (003 §3.6), decided before anything is
/// written: a row creates a product, updates the one with its SKU (`updateExisting`), or is
/// skipped, existing or invalid. Without `skipInvalid` any invalid row fails the whole
/// import, as does a header that does not fit the mapping; then nothing is written.
public struct ProductImportPlan: Sendable {
    /// What happens to one data row.
    public enum Step: Hashable, Sendable {
        /// A new product from the row.
        case create(ProductImportRow)
        /// The product with the row's SKU gets the row's non-empty fields.
        case update(ProductImportRow)
        /// The SKU exists and `updateExisting` is false.
        case skipExisting
        /// The row is invalid (its issues are in `issues`).
        case skipInvalid
    }

    /// One step per data row, in file order.
    public let steps: [Step]
    /// Every problem found, header first, then rows in file order.
    public let issues: [ProductImportIssue]
    /// Why nothing is imported; nil when the steps are to be carried out.
    public let failure: String?

    /// The plan for `file` when the tenant already has products with `existingSKUs`.
    public init(file: ProductImportFile, existingSKUs: Set<String>, updateExisting: Bool, skipInvalid: Bool) {
        var steps: [Step] = []
        var issues = file.headerIssues
        for record in file.records {
            switch record {
            case .unread:
                steps.append(.skipInvalid)
            case .invalid(let rowIssues):
                steps.append(.skipInvalid)
                issues += rowIssues
            case .valid(let row) where existingSKUs.contains(row.sku):
                steps.append(updateExisting ? .update(row) : .skipExisting)
            case .valid(let row):
                let missing = row.issuesForCreate()
                if missing.isEmpty {
                    steps.append(.create(row))
                } else {
                    steps.append(.skipInvalid)
                    issues += missing
                }
            }
        }
        self.steps = steps
        self.issues = issues
        let invalid = steps.filter { $0 == .skipInvalid }.count
        if !file.headerIssues.isEmpty {
            failure = file.records.isEmpty && file.headerIssues == [ProductImportParser.emptyFileIssue]
                ? "the file is empty" : "the file's header does not fit the mapping; nothing was imported"
        } else if invalid > 0, !skipInvalid {
            failure = "\(invalid) of \(steps.count) rows are invalid; nothing was imported (skipInvalid is false)"
        } else {
            failure = nil
        }
    }

    /// Rows the plan creates products from.
    public var createCount: Int { steps.filter { if case .create = $0 { return true } else { return false } }.count }
    /// Rows the plan updates products from.
    public var updateCount: Int { steps.filter { if case .update = $0 { return true } else { return false } }.count }
    /// Rows the plan skips: invalid, or existing without `updateExisting`.
    public var skipCount: Int { steps.filter { $0 == .skipInvalid || $0 == .skipExisting }.count }
}
