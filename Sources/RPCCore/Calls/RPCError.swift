/// The outcome of a call that did not succeed: a gRPC status code, a message for
/// the caller, and optional structured details (an encoded `cerniq.common.v1.StatusDetails`).
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A gRPC status code. A struct of static constants so the set can grow.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let ok = Code(rawValue: 0)
        public static let cancelled = Code(rawValue: 1)
        public static let unknown = Code(rawValue: 2)
        public static let invalidArgument = Code(rawValue: 3)
        public static let deadlineExceeded = Code(rawValue: 4)
        public static let notFound = Code(rawValue: 5)
        public static let alreadyExists = Code(rawValue: 6)
        public static let permissionDenied = Code(rawValue: 7)
        public static let resourceExhausted = Code(rawValue: 8)
        public static let failedPrecondition = Code(rawValue: 9)
        public static let aborted = Code(rawValue: 10)
        public static let outOfRange = Code(rawValue: 11)
        public static let unimplemented = Code(rawValue: 12)
        public static let internalError = Code(rawValue: 13)
        public static let unavailable = Code(rawValue: 14)
        public static let dataLoss = Code(rawValue: 15)
        public static let unauthenticated = Code(rawValue: 16)

        /// Every code the protocol defines, in numeric order.
        public static let all: [Code] = (0...16).map { Code(rawValue: $0) }

        static let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
            "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
            "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
            "UNAUTHENTICATED",
        ]

        /// The canonical upper-case name (`DEADLINE_EXCEEDED`), or `CODE_<n>` for an unknown value.
        public var name: String { Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "CODE_\(rawValue)" }
        public var description: String { name }

        /// Parses a canonical name such as `NOT_FOUND`.
        public init?(name: String) {
            guard let index = Self.names.firstIndex(of: name.uppercased()) else { return nil }
            self.init(rawValue: UInt8(index))
        }
    }

    public var code: Code
    public var message: String
    /// An encoded `cerniq.common.v1.StatusDetails`, or empty.
    public var details: [UInt8]

    public init(_ code: Code, _ message: String, details: [UInt8] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code.name): \(message)" }
}

/// A domain error that knows the RPC status it should travel as.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError {
    /// Maps any error a handler throws to what the caller sees. Unknown errors become
    /// INTERNAL with a generic message, so internals never leak to a caller.
    public init(from error: any Error) {
        switch error {
        case let error as RPCError: self = error
        case let error as any RPCErrorConvertible: self = error.rpcError
        case is CancellationError: self = RPCError(.cancelled, "call cancelled")
        default: self = RPCError(.internalError, "internal error")
        }
    }
}
