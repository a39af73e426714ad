/// A missing or malformed environment variable: the process refuses to start and says which.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let variable: String
    public let problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration: \(variable) \(problem)" }
}
