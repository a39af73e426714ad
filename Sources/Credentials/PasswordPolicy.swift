/// What a new password must contain: the tenant's `security.passwordPolicy` (003 §13.2).
///
/// Characters are counted as a reader sees them (Swift `Character`, a grapheme cluster), so
/// "é" is one character whether typed precomposed or as e + combining accent.
public struct PasswordPolicy: Sendable, Hashable {
    /// The fewest characters a password may have.
    public var minLength: Int
    /// At least one uppercase letter (any script: "A", "É", "Ж").
    public var requireUppercase: Bool
    /// At least one number (any script's digits count).
    public var requireNumber: Bool
    /// At least one character that is neither a letter nor a number: punctuation, a symbol,
    /// or a space.
    public var requireSpecial: Bool

    /// Passwords longer than this many UTF-8 bytes are refused whatever the policy: the
    /// password is sent and hashed on every login, and no one types more.
    public static let maximumBytes = 1024

    /// A policy; the defaults ask only for 8 characters, the minimum of NIST SP 800-63B §5.1.1.
    public init(minLength: Int = 8, requireUppercase: Bool = false, requireNumber: Bool = false,
                requireSpecial: Bool = false) {
        self.minLength = minLength
        self.requireUppercase = requireUppercase
        self.requireNumber = requireNumber
        self.requireSpecial = requireSpecial
    }

    /// What `password` lacks, one English sentence per rule it breaks, in a fixed order
    /// (length, uppercase, number, special); empty when it is acceptable. The messages never
    /// quote the password.
    public func violations(of password: String) -> [String] {
        if password.utf8.count > Self.maximumBytes {
            // Counting characters of a huge string is wasted work; this one reason is enough.
            return ["Password must be at most \(Self.maximumBytes) bytes long."]
        }
        var violations: [String] = []
        if password.count < minLength {
            violations.append("Password must be at least \(minLength) characters long.")
        }
        if requireUppercase && !password.contains(where: \.isUppercase) {
            violations.append("Password must contain an uppercase letter.")
        }
        if requireNumber && !password.contains(where: \.isNumber) {
            violations.append("Password must contain a number.")
        }
        if requireSpecial && !password.contains(where: { !$0.isLetter && !$0.isNumber }) {
            violations.append("Password must contain a special character.")
        }
        return violations
    }
}
