/// An import file read whole and validated row by row (003 §3.6): the header's problems,
/// and each data row, in file order, as a valid row or its problems.
public struct ProductImportFile: Sendable {
    /// One data row.
    public enum Record: Hashable, Sendable {
        /// A row whose every mapped field is valid.
        case valid(ProductImportRow)
        /// A row with these problems.
        case invalid([ProductImportIssue])
        /// A row not looked at, because the header was invalid.
        case unread
    }

    /// The header's problems (or the file's, when it is empty); none when the mapping fits.
    public private(set) var headerIssues: [ProductImportIssue] = []
    /// The data rows, in file order.
    public private(set) var records: [Record] = []

    /// Reads `bytes` (CSV, UTF-8; a byte-order mark is skipped) with `mapping`, checking
    /// VAT rates against `vatRates` on `day`.
    public init(bytes: [UInt8], mapping: [String: String], vatRates: VatRateTable, on day: CalendarDay) {
        var parser = ProductImportParser(mapping: mapping, vatRates: vatRates, on: day)
        var reader = CSVReader()
        reader.append(bytes)
        reader.finish()
        var sawHeader = false
        while let result = reader.nextResult() {
            let outcome = parser.consume(result)
            guard sawHeader else {
                sawHeader = true
                if case .invalid(let issues) = outcome { headerIssues = issues }
                continue
            }
            switch outcome {
            case .row(let row): records.append(.valid(row))
            case .invalid(let issues): records.append(.invalid(issues))
            case .skipped, .header: records.append(.unread)
            }
        }
        if !sawHeader { headerIssues = [ProductImportParser.emptyFileIssue] }
    }

    /// The SKUs of the valid rows.
    public var skus: [String] {
        records.compactMap { record in
            if case .valid(let row) = record { return row.sku }
            return nil
        }
    }
}
