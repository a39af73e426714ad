import COpenSSL

/// Comparisons of secrets whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    ///
    /// The lengths are compared first and in the open: a length is public (a hash has a fixed
    /// size, a code a fixed number of digits). The contents go through `CRYPTO_memcmp`, which
    /// reads every byte whatever the first difference is, so an attacker timing many guesses
    /// learns nothing about how long a prefix they got right.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
