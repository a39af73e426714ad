import COpenSSL

/// Why a certificate could not be made, read or written.
///
/// When OpenSSL refused, `openSSLErrors` holds its error queue as it stood right after the
/// failing call (`ERR_get_error` and `ERR_error_string_n`), oldest first.
public struct CertificateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. A struct of static constants so the set can grow.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// An OpenSSL call failed; `openSSLErrors` says why.
        public static let openSSL = Code(rawValue: "openssl")
        /// A component, trust domain or validity period the caller passed is not acceptable.
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// A PEM file or string could not be read, or the key does not match the certificate.
        public static let invalidPEM = Code(rawValue: "invalid-pem")
        /// Reading or writing the bundle folder failed.
        public static let io = Code(rawValue: "io")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String
    /// OpenSSL's error strings, oldest first; empty when OpenSSL was not involved.
    public var openSSLErrors: [String]

    public init(_ code: Code, _ message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        openSSLErrors.isEmpty ? "\(code): \(message)" : "\(code): \(message) [\(openSSLErrors.joined(separator: "; "))]"
    }

    /// An error for the OpenSSL call `function` that just failed, draining this thread's
    /// OpenSSL error queue into it (the queue is per thread, so call this right after the failure).
    static func openSSL(_ function: String, code: Code = .openSSL) -> CertificateError {
        CertificateError(code, "\(function) failed", openSSLErrors: drainOpenSSLErrors())
    }

    static func drainOpenSSLErrors() -> [String] {
        var errors: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            // 256 bytes is ERR_error_string_n's documented ample size; it always NUL-terminates.
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            errors.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return errors
    }
}
