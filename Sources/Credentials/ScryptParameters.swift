/// The cost of one scrypt derivation (RFC 7914 §2): N = 2^`logN` blocks of 128·`r` bytes,
/// mixed `p` times in sequence here (OpenSSL does not run the lanes in parallel).
///
/// Memory is about 128·r·N bytes, time about proportional to N·r·p.
public struct ScryptParameters: Sendable, Hashable {
    /// log2 of the CPU/memory cost N; N must be a power of two above 1 (RFC 7914 §2).
    public var logN: Int
    /// Block size factor.
    public var r: Int
    /// Parallelization factor.
    public var p: Int

    /// `logN` 1...62, `r` and `p` 1...2^20 (OpenSSL refuses r·p ≥ 2^30 itself): wider bounds
    /// than a stored hash may carry (`acceptsFromStorage`), so RFC 7914's vectors can be derived.
    public init(logN: Int, r: Int, p: Int) {
        precondition((1...62).contains(logN), "scrypt logN must be 1...62")
        precondition((1...1 << 20).contains(r) && (1...1 << 20).contains(p), "scrypt r and p must be 1...2^20")
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds per hash, the interactive-login
    /// figures of the scrypt paper and of OWASP's password storage guidance.
    public static let `default` = ScryptParameters(logN: 15, r: 8, p: 1)

    /// N = 2^`logN`.
    public var n: UInt64 { 1 << UInt64(logN) }

    /// The bytes OpenSSL allocates for one derivation: V is 128·r·N and B is 128·r·p, plus two
    /// blocks of scratch (its `maxmem` check, crypto/evp/pbe_scrypt and providers' scrypt).
    var memoryBytes: UInt64 {
        let (blocks, o1) = n.addingReportingOverflow(UInt64(p) + 2)
        let (bytes, o2) = blocks.multipliedReportingOverflow(by: 128 * UInt64(r))
        return o1 || o2 ? .max : bytes
    }

    // MARK: Bounds on stored hashes

    /// The largest parameters `PasswordHasher` accepts when it reads a stored hash.
    ///
    /// A stored string chooses how much memory and time `verify` spends. If the credential
    /// table is ever writable by an attacker, an unbounded `ln` would let one row allocate
    /// terabytes; these bounds (ln ≤ 20, r ≤ 16, p ≤ 4) still leave room to raise the defaults
    /// for years.
    public static let storedMaximum = (logN: 20, r: 16, p: 4)

    /// ln = 20 with r = 16 would still be 2 GiB for one login; cap the product as well: the
    /// V array (128·r·N, all but a few blocks of the memory) at 1 GiB, which ln = 20 with
    /// r = 8 (or ln = 19 with r = 16) fits.
    static let storedMaximumArrayBytes: UInt64 = 1 << 30

    /// Whether a stored hash may carry these parameters.
    static func acceptsFromStorage(logN: Int, r: Int, p: Int) -> Bool {
        guard (1...storedMaximum.logN).contains(logN), (1...storedMaximum.r).contains(r),
              (1...storedMaximum.p).contains(p) else { return false }
        return 128 * UInt64(r) << UInt64(logN) <= storedMaximumArrayBytes
    }
}
