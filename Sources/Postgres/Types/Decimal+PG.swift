import Foundation

// Money is exact (seed 003 §5, §7): numeric travels as its decimal string both ways and
// never through Double. Foundation.Decimal holds 38 significant digits; a numeric that
// does not fit exactly is an error, never a silent rounding.

extension Decimal: PGEncodable {
    /// `numeric`
    public static var pgType: PGDataType { .numeric }

    /// The decimal string (`-1234.5600` prints as `-1234.56`); a NaN decimal throws `.invalidParameter`.
    public func pgEncode() throws -> PGParameterValue {
        guard !isNaN else { throw PGError(.invalidParameter, message: "a Decimal parameter is NaN") }
        return .text(PGNumericText.format(self))
    }
}

extension Decimal: PGDecodable {
    /// A `numeric` (or integer) column, exactly; throws when the value needs more than
    /// Decimal's 38 significant digits or is `NaN`/`Infinity`.
    public init(pgText text: String, type: PGDataType) throws {
        self = try PGNumericText.parse(text)
    }
}

/// The text form of `numeric` and its exact conversion to and from `Decimal`.
enum PGNumericText {
    /// A number as sign, digits without leading zeros, and how many of them are fractional;
    /// trailing fractional zeros removed, so equal values compare equal.
    struct Canonical: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var scale: Int
    }

    static func format(_ value: Decimal) -> String {
        // Decimal's description is locale-independent: digits, an optional '-', and '.'.
        value.description
    }

    static func parse(_ text: String) throws -> Decimal {
        guard let canonical = canonical(text) else {
            throw PGDecodingFailure("not a finite decimal number")
        }
        var significantDigits = canonical.digits[...]
        while significantDigits.last == 0 { significantDigits = significantDigits.dropLast() }
        let significant = significantDigits.count
        guard significant <= 38 else {
            throw PGDecodingFailure("numeric has \(significant) significant digits; Decimal holds 38")
        }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              !value.isNaN,
              Self.canonical(value.description) == canonical
        else {
            throw PGDecodingFailure("numeric does not fit Decimal exactly")
        }
        return value
    }

    /// Parses `-?digits(.digits)?` into its canonical form; nil for anything else
    /// (`NaN`, `Infinity`, exponents, which PostgreSQL never prints for numeric).
    static func canonical(_ text: String) -> Canonical? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard !bytes.isEmpty, parts.count <= 2 else { return nil }
        let integer = parts[0]
        let fraction = parts.count == 2 ? parts[1] : []
        guard !(integer.isEmpty && fraction.isEmpty),
              integer.allSatisfy(isDigit), fraction.allSatisfy(isDigit)
        else { return nil }
        var fractionDigits = Array(fraction)
        while fractionDigits.last == UInt8(ascii: "0") { fractionDigits.removeLast() }
        var digits = Array(integer) + fractionDigits
        while digits.first == UInt8(ascii: "0") { digits.removeFirst() }
        if digits.isEmpty { negative = false }
        return Canonical(negative: negative, digits: digits.map { $0 - UInt8(ascii: "0") }, scale: fractionDigits.count)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
