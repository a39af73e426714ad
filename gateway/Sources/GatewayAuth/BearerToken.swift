/// Finds the token in an `Authorization` header value (RFC 6750 §2.1): the scheme `Bearer`
/// in any case, exactly one space, and the token, which must not be empty.
enum BearerToken {
    private static let scheme = Array("bearer".utf8)

    /// The token's bytes within `header`, or `AUTH_TOKEN_INVALID` when the header is not a
    /// bearer credential. Spaces inside the token are caught later by the token's alphabet.
    static func token(in header: UnsafeBufferPointer<UInt8>) throws(AuthFailure) -> UnsafeBufferPointer<UInt8> {
        let prefix = scheme.count + 1
        guard header.count > prefix, header[scheme.count] == UInt8(ascii: " ") else { throw .tokenInvalid }
        for index in 0..<scheme.count {
            // ASCII lower-casing: setting bit 0x20 maps A-Z onto a-z and leaves a-z alone.
            guard header[index] | 0x20 == scheme[index] else { throw .tokenInvalid }
        }
        return UnsafeBufferPointer(rebasing: header[prefix...])
    }
}
