/// One record of a CSV file and where it starts.
public struct CSVRecord: Hashable, Sendable {
    /// The fields, unquoted and unescaped.
    public var fields: [String]
    /// The 1-based physical line the record starts on. Later records of a file with
    /// quoted line breaks start on later lines than their index suggests.
    public var line: Int

    /// A record of `fields` starting on `line`.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
