import Foundation

/// Exact decimal text, as `cerniq.common.v1.Decimal` carries it, to and from `Decimal`.
///
/// `Decimal(string:)` alone is too lenient for input ("12abc" reads as 12, and the
/// separator follows the locale), so text is checked first: an optional '-', digits, and
/// an optional separator followed by digits. No exponent, no '+', no spaces, no grouping.
public enum DecimalText {
    /// A parsed number and how many digits it had after the separator.
    public struct Parsed: Hashable, Sendable {
        /// The exact value.
        public let value: Decimal
        /// Digits after the separator as written ("12.50" → 2).
        public let scale: Int
    }

    /// The most significant digits `Decimal` holds exactly.
    public static let maxDigits = 38

    /// Parses `text` strictly; nil when it is not decimal text or has more than
    /// `maxDigits` digits. `allowComma` also accepts one ',' as the separator (Romanian
    /// spreadsheets write "12,50"), but never ',' and '.' together.
    public static func parse(_ text: some StringProtocol, allowComma: Bool = false) -> Parsed? {
        var canonical = ""
        var scale = 0
        var sawSeparator = false
        var sawDigitBeforeSeparator = false
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "-" where index == 0:
                canonical.append("-")
            case "0"..."9":
                canonical.unicodeScalars.append(scalar)
                if sawSeparator { scale += 1 } else { sawDigitBeforeSeparator = true }
            case "." where !sawSeparator, "," where allowComma && !sawSeparator:
                sawSeparator = true
                canonical.append(".")
            default:
                return nil
            }
        }
        guard sawDigitBeforeSeparator, !sawSeparator || scale > 0 else { return nil }
        // Precision counts from the first non-zero digit: "0.0001" has one significant digit.
        let allDigits = canonical.filter(\.isNumber)
        let significant = allDigits.drop { $0 == "0" }.count
        guard significant <= maxDigits, scale <= maxDigits,
              let value = Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return Parsed(value: value, scale: scale)
    }

    /// `value` rounded half away from zero to `scale` digits and written with exactly that
    /// many after a '.': `format(12.5, scale: 2)` is "12.50".
    public static func format(_ value: Decimal, scale: Int) -> String {
        let rounded = PriceMath.rounded(value, scale: scale)
        var text = rounded.description
        guard scale > 0 else { return text }
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 }
        if fraction == nil { text += "." }
        text += String(repeating: "0", count: scale - (fraction ?? 0))
        return text
    }

    /// `value` with as many digits as it needs ("12.5", "21", "-0.75").
    public static func format(_ value: Decimal) -> String {
        value.description
    }
}
