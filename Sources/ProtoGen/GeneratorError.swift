/// Why generation stopped; printed to standard error, and the tool exits non-zero.
struct GeneratorError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
