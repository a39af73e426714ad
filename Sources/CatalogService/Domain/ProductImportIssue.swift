/// One invalid field of one import row (003 §3.6 `errors[]`, plus the seed code).
public struct ProductImportIssue: Hashable, Sendable, CustomStringConvertible {
    /// The physical line of the file the row starts on, 1-based (the header is line 1).
    public var row: Int
    /// The product field's JSON name; empty for a problem of the whole row.
    public var field: String
    /// What is wrong, for people.
    public var message: String
    /// The seed's validation code.
    public var code: CatalogError.Code

    /// An issue of `field` on line `row`.
    public init(row: Int, field: String, message: String, code: CatalogError.Code) {
        self.row = row
        self.field = field
        self.message = message
        self.code = code
    }

    /// An issue from a `CatalogError` raised on line `row`.
    public init(row: Int, _ error: CatalogError) {
        self.init(row: row, field: error.field ?? "", message: error.message, code: error.code)
    }

    /// "line 12, price: VAL_INVALID_FORMAT: …".
    public var description: String {
        "line \(row)\(field.isEmpty ? "" : ", \(field)"): \(code): \(message)"
    }
}
