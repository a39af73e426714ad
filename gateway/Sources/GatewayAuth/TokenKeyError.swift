import COpenSSL

/// A signing or verification key could not be read or written: configuration trouble, for
/// operators and logs (it may quote OpenSSL), never for a client.
public struct TokenKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// OpenSSL's error queue right after the failing call, oldest first; empty otherwise.
    public var openSSLErrors: [String]

    public init(_ message: String, openSSLErrors: [String] = []) {
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        openSSLErrors.isEmpty ? message : "\(message) [\(openSSLErrors.joined(separator: "; "))]"
    }

    /// An error for the OpenSSL call that just failed, draining this thread's error queue
    /// (the queue is per thread, so call this right after the failure).
    static func openSSL(_ message: String) -> TokenKeyError {
        var errors: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            // 256 bytes is ERR_error_string_n's documented ample size; it always NUL-terminates.
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            errors.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TokenKeyError(message, openSSLErrors: errors)
    }
}
