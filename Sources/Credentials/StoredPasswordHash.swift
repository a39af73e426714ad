/// A password hash as it is stored: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`.
///
/// The format follows the PHC string format (github.com/P-H-C/phc-string-format) in the form
/// passlib also writes for scrypt:
/// - `$scrypt` names the function, so another one can be added beside it later;
/// - `ln=<log2 N>,r=<r>,p=<p>` in that order, decimal, no leading zeros, no spaces;
/// - the salt and the derived key in standard base64 (`A–Z a–z 0–9 + /`) without padding.
///
/// The parameters travel with each hash, so raising the defaults leaves old hashes verifiable
/// and lets `PasswordHasher.needsRehash` find them. Parsing is strict (one spelling per hash)
/// and checks the parameters against `ScryptParameters.storedMaximum` before anything is
/// derived or allocated.
struct StoredPasswordHash: Sendable, Hashable {
    var parameters: ScryptParameters
    var salt: [UInt8]
    var hash: [UInt8]

    static let identifier = "scrypt"
    /// Salts and keys outside these lengths are not ours; the minimums are what this module
    /// has always written (16-byte salt, 32-byte key) and must stay there if those grow.
    /// The key minimum matters: scrypt's output is PBKDF2's, whose first bytes do not depend on
    /// the length asked for, so a stored key cut to its first 16 bytes would still verify, only
    /// as a weaker hash. Refusing short keys keeps a stored hash at its full strength.
    static let saltLengths = 16...64
    static let hashLengths = 32...64
    /// Longer than any well-formed string (64-byte salt and key make about 200 characters);
    /// checked first, so a huge column value is refused before it is split or decoded.
    static let maximumLength = 256

    init(parameters: ScryptParameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// The stored string.
    var encoded: String {
        "$\(Self.identifier)$ln=\(parameters.logN),r=\(parameters.r),p=\(parameters.p)"
            + "$\(Base64.encode(salt, alphabet: .standard))$\(Base64.encode(hash, alphabet: .standard))"
    }

    /// The hash `text` spells, or nil when it is not one this module wrote or could have written.
    init?(parsing text: String) {
        guard text.utf8.count <= Self.maximumLength else { return nil }
        // "$scrypt$params$salt$hash" splits into five fields, the first empty.
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == Self.identifier,
              let parameters = Self.parseParameters(fields[2]),
              let salt = Base64.decode(fields[3], alphabet: .standard), Self.saltLengths.contains(salt.count),
              let hash = Base64.decode(fields[4], alphabet: .standard), Self.hashLengths.contains(hash.count)
        else { return nil }
        self.init(parameters: parameters, salt: salt, hash: hash)
    }

    /// `ln=<a>,r=<b>,p=<c>` within the stored bounds, or nil.
    private static func parseParameters(_ text: Substring) -> ScryptParameters? {
        let pairs = text.split(separator: ",", omittingEmptySubsequences: false)
        guard pairs.count == 3,
              let logN = value(pairs[0], named: "ln"),
              let r = value(pairs[1], named: "r"),
              let p = value(pairs[2], named: "p"),
              ScryptParameters.acceptsFromStorage(logN: logN, r: r, p: p)
        else { return nil }
        return ScryptParameters(logN: logN, r: r, p: p)
    }

    /// The decimal after `name=`: at most two digits (every accepted value has at most two),
    /// no sign, no leading zero, so the number cannot overflow and has one spelling.
    private static func value(_ pair: Substring, named name: String) -> Int? {
        guard pair.hasPrefix(name + "=") else { return nil }
        let digits = pair.utf8.dropFirst(name.utf8.count + 1)
        guard (1...2).contains(digits.count), digits.first != UInt8(ascii: "0"),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
