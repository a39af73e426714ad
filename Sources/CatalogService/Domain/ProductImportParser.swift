/// Turns the records of an import file into validated rows and issues (003 §3.6): the
/// first record is the header the mapping is resolved against; each later record is a
/// row. Also reports a SKU repeated within the file (VAL_DUPLICATE), naming the first line.
///
/// Feed it records as a `CSVReader` produces them, so a file is processed as it streams:
///
/// ```swift
/// var parser = ProductImportParser(mapping: mapping, vatRates: table, on: today)
/// var reader = CSVReader()
/// reader.append(bytes); reader.finish()
/// while let record = reader.nextResult() {
///     if case .row(let row) = parser.consume(record) { ... }
/// }
/// ```
public struct ProductImportParser: Sendable {
    /// What one record turned out to be.
    public enum Outcome: Hashable, Sendable {
        /// The header, and the mapping resolved against it.
        case header
        /// A valid data row.
        case row(ProductImportRow)
        /// An invalid record: the header (then every later record is `skipped`) or a row.
        case invalid([ProductImportIssue])
        /// A row not looked at because the header was invalid.
        case skipped
    }

    private let requestedMapping: [String: String]
    private let vatRates: VatRateTable
    private let day: CalendarDay
    private var mapping: ProductImportMapping?
    private var sawHeader = false
    private var firstLineOfSKU: [String: Int] = [:]

    /// A parser applying `mapping` (column header → field JSON name), with VAT rates
    /// checked against `vatRates` on `day`.
    public init(mapping: [String: String], vatRates: VatRateTable, on day: CalendarDay) {
        self.requestedMapping = mapping
        self.vatRates = vatRates
        self.day = day
    }

    /// Data rows seen so far (the header excluded).
    public private(set) var rowCount = 0

    /// Takes the next record of the file.
    public mutating func consume(_ result: Result<CSVRecord, CSVReadError>) -> Outcome {
        let isHeader = !sawHeader
        sawHeader = true
        if !isHeader { rowCount += 1 }
        let record: CSVRecord
        switch result {
        case .success(let value):
            record = value
        case .failure(let error):
            return .invalid([ProductImportIssue(row: error.line, field: "", message: error.message, code: .invalidFormat)])
        }
        if isHeader {
            do throws(ProductImportMapping.Invalid) {
                mapping = try ProductImportMapping(mapping: requestedMapping, header: record.fields, headerLine: record.line)
                return .header
            } catch {
                return .invalid(error.issues)
            }
        }
        guard let mapping else { return .skipped }
        do throws(ProductImportRow.Invalid) {
            let row = try ProductImportRow(record: record, mapping: mapping, vatRates: vatRates, on: day)
            if let first = firstLineOfSKU[row.sku] {
                return .invalid([ProductImportIssue(row: row.line, field: ProductField.sku.jsonName,
                                                    message: "sku \(row.sku) already appears on line \(first)", code: .duplicate)])
            }
            firstLineOfSKU[row.sku] = row.line
            return .row(row)
        } catch {
            return .invalid(error.issues)
        }
    }

    /// The issue to report when a file has no header at all.
    public static let emptyFileIssue = ProductImportIssue(row: 1, field: "", message: "the file is empty", code: .requiredField)
}
