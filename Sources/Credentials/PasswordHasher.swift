import COpenSSL
import Foundation

/// Hashes and verifies passwords with scrypt (RFC 7914), in the self-describing form of
/// `StoredPasswordHash`: `$scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>`.
///
/// Every call derives a key, which takes tens of milliseconds and 32 MiB at the default
/// parameters: call from a thread that may block (a dedicated queue), not from an event loop.
///
/// ```swift
/// let hasher = PasswordHasher()
/// let stored = hasher.hash("correct horse battery staple")   // store this
/// if let row = user {
///     guard hasher.verify(password, against: row.passwordHash) else { return .invalid }
///     if hasher.needsRehash(row.passwordHash) { row.passwordHash = hasher.hash(password) }
/// } else {
///     _ = hasher.verifyAgainstDummy(password)   // same cost: no timing oracle on emails
///     return .invalid
/// }
/// ```
public struct PasswordHasher: Sendable {
    /// The parameters new hashes are made with; stored hashes below them need a rehash.
    public let parameters: ScryptParameters
    /// 16 random bytes per password: unique salts make each hash a separate attack.
    public static let saltLength = 16
    /// 32 bytes (256 bits) of derived key.
    public static let keyLength = 32

    /// A hasher that makes new hashes with `parameters` (the default: N = 2^15, r = 8, p = 1).
    /// Parameters above `ScryptParameters.storedMaximum` are refused: this hasher could not
    /// read its own hashes back.
    public init(parameters: ScryptParameters = .default) {
        precondition(ScryptParameters.acceptsFromStorage(logN: parameters.logN, r: parameters.r, p: parameters.p),
                     "scrypt parameters above the bounds stored hashes may carry")
        self.parameters = parameters
    }

    /// The stored form of a fresh hash of `password`, with a new random salt.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        // The parameters were checked in init, so OpenSSL refuses only when it cannot allocate
        // the memory; Swift traps on exhausted memory everywhere else too.
        guard let key = Scrypt.deriveKey(password: Self.bytes(of: password), salt: salt,
                                         parameters: parameters, length: Self.keyLength)
        else { preconditionFailure("scrypt failed with parameters checked in init") }
        return StoredPasswordHash(parameters: parameters, salt: salt, hash: key).encoded
    }

    /// Whether `password` is the one `stored` was made from. A malformed `stored` string, or
    /// one with parameters above the stored bounds, is false: never a trap, never an
    /// allocation the string chose beyond those bounds.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let stored = StoredPasswordHash(parsing: stored),
              var key = Scrypt.deriveKey(password: Self.bytes(of: password), salt: stored.salt,
                                         parameters: stored.parameters, length: stored.hash.count)
        else { return false }
        defer { key.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return ConstantTime.equals(key, stored.hash)
    }

    /// Runs a verification as costly as a real one against a hash made with this hasher, and
    /// returns false. Call it when no account matches the email, so a failed login for an
    /// unknown address takes as long as for a known one and does not reveal which exist.
    @discardableResult
    public func verifyAgainstDummy(_ password: String) -> Bool {
        // A fixed salt is fine: the result is thrown away. The steps match `verify`: encode the
        // password, derive with the current parameters and key length, compare.
        let salt = [UInt8](repeating: 0, count: Self.saltLength)
        let expected = [UInt8](repeating: 0, count: Self.keyLength)
        guard let key = Scrypt.deriveKey(password: Self.bytes(of: password), salt: salt,
                                         parameters: parameters, length: Self.keyLength)
        else { return false }
        _ = ConstantTime.equals(key, expected)
        return false
    }

    /// Whether `stored` should be replaced by a fresh hash at the next successful login: its
    /// parameters, salt or key length fall below this hasher's, or it is not readable at all.
    public func needsRehash(_ stored: String) -> Bool {
        guard let stored = StoredPasswordHash(parsing: stored) else { return true }
        return stored.parameters.logN < parameters.logN || stored.parameters.r < parameters.r
            || stored.parameters.p < parameters.p
            || stored.salt.count < Self.saltLength || stored.hash.count < Self.keyLength
    }

    /// The bytes scrypt sees: UTF-8 of the NFC form (the normalization rule of RFC 8265 §4.2's
    /// OpaqueString profile), so "é" typed as one code point on one device and as e + combining
    /// accent on another is the same password.
    static func bytes(of password: String) -> [UInt8] {
        Array(password.precomposedStringWithCanonicalMapping.utf8)
    }
}
