/// A pragmatic check of an email address (003 §15.3 VAL_EMAIL_INVALID): one `@`, a local part
/// and a dotted domain of sane characters, at most 320 bytes. Delivery is the real test.
enum EmailAddress {
    static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 320, parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.utf8.count <= 64, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !domain.contains("..") else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-".utf8)
        let allowedDomain = Set("abcdefghijklmnopqrstuvwxyz0123456789.-".utf8)
        return local.utf8.allSatisfy { allowedLocal.contains($0) } && domain.utf8.allSatisfy { allowedDomain.contains($0) }
    }
}
