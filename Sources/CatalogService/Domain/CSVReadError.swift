/// A record the reader could not read. The reader skips to the next line and goes on.
public struct CSVReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based physical line the bad record starts on.
    public var line: Int
    /// What is wrong, for people.
    public var message: String

    /// An error of the record starting on `line`.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// "line 12: …".
    public var description: String { "line \(line): \(message)" }
}
