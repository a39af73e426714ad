/// Time-based one-time passwords (RFC 6238): HOTP over the number of `period`-second steps
/// since the Unix epoch. The defaults (SHA-1, 6 digits, 30 s) are what authenticator apps use.
///
/// ```swift
/// let totp = TOTP()
/// let secret = TOTP.generateSecret()              // store it, encrypted
/// let uri = totp.provisioningURI(secret: secret, account: "ana@example.com", issuer: "Cerniq")
/// // at login:
/// guard let step = totp.verify(code: input, secret: secret, at: now),
///       step > user.lastTOTPStep else { return .mfaRequired }   // refuse a replayed code
/// user.lastTOTPStep = step
/// ```
public struct TOTP: Sendable, Hashable {
    /// Digits in a code: 6 to 9.
    public var digits: Int
    /// Seconds per step.
    public var period: Int64
    /// The HMAC hash.
    public var algorithm: OTPAlgorithm

    /// Secrets shorter than 16 bytes (RFC 4226 §4 R6: at least 128 bits) never verify, so a
    /// lost or empty secret cannot turn into a factor anyone passes.
    public static let minimumSecretLength = 16
    /// The largest `window` `verify` honours: a minute and a half either side at 30 s steps.
    public static let maximumWindow = 3

    public init(digits: Int = 6, period: Int64 = 30, algorithm: OTPAlgorithm = .sha1) {
        precondition((6...9).contains(digits), "one-time passwords have 6 to 9 digits (RFC 4226 §5.3)")
        precondition(period > 0, "the TOTP period must be positive")
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// A fresh random secret: 20 bytes, the length RFC 4226 §4 recommends and the output size
    /// of HMAC-SHA-1.
    public static func generateSecret(length: Int = 20) -> [UInt8] {
        precondition(length >= minimumSecretLength, "a TOTP secret needs at least 128 bits")
        return SecureRandom.bytes(length)
    }

    /// The step `time` (Unix seconds) falls in: floor(time / period). Times before the epoch
    /// are step 0; no clock that matters reads them.
    public func step(at time: Int64) -> Int64 {
        max(0, time / period)
    }

    /// The code for Unix time `at`.
    public func code(secret: [UInt8], at time: Int64) -> String {
        code(secret: secret, step: step(at: time))
    }

    /// The code for `step`.
    public func code(secret: [UInt8], step: Int64) -> String {
        HOTP.code(secret: secret, counter: UInt64(max(0, step)), digits: digits, algorithm: algorithm)
    }

    /// The step whose code `code` is, looking `window` steps either side of the one `at` falls
    /// in (clocks drift, and a user types a code near the end of its 30 seconds); nil when none
    /// matches, when `code` is not exactly `digits` ASCII digits, or when the secret is shorter
    /// than `minimumSecretLength`.
    ///
    /// The caller stores the returned step and refuses a later code whose step is not greater,
    /// so a code seen over someone's shoulder cannot be used again (RFC 6238 §5.2). Every
    /// candidate is computed and compared in constant time, whether or not an earlier one
    /// matched; if two steps share the code, the later is returned.
    public func verify(code: String, secret: [UInt8], at time: Int64, window: Int = 1) -> Int64? {
        guard secret.count >= Self.minimumSecretLength else { return nil }
        let given = Array(code.utf8)
        guard given.count == digits,
              given.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let window = Int64(min(max(window, 0), Self.maximumWindow))
        let current = step(at: time)
        var matched: Int64?
        for candidate in max(0, current - window)...(current + window) {
            let expected = Array(self.code(secret: secret, step: candidate).utf8)
            if ConstantTime.equals(expected, given) { matched = candidate }
        }
        return matched
    }
}
