/// Reads JSON number text (or a numeric string, as proto3 JSON allows for every numeric
/// kind) as the integer or float a field needs, telling "not a number", "not an integer"
/// and "too big" apart so each becomes the right violation.
enum JSONNumber {
    enum Failure: Error {
        case notANumber
        case notAnInteger
        case outOfRange
    }

    /// An integer as a sign and magnitude, exact over the whole int64 and uint64 ranges.
    struct Integer: Equatable {
        var negative: Bool
        var magnitude: UInt64

        func int64(in range: ClosedRange<Int64>) throws(Failure) -> Int64 {
            let value: Int64
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { throw .outOfRange }
                value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            } else {
                guard magnitude <= UInt64(Int64.max) else { throw .outOfRange }
                value = Int64(magnitude)
            }
            guard range.contains(value) else { throw .outOfRange }
            return value
        }

        func uint64(max: UInt64) throws(Failure) -> UInt64 {
            guard !negative || magnitude == 0, magnitude <= max else { throw .outOfRange }
            return magnitude
        }
    }

    /// True when `text` is exactly an RFC 8259 number.
    static func isValid(_ text: String) -> Bool {
        var state = 0  // 0 start, 1 sign, 2 zero, 3 int digits, 4 dot, 5 frac, 6 e, 7 e-sign, 8 exp digits
        for byte in text.utf8 {
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            switch (state, byte) {
            case (0, UInt8(ascii: "-")): state = 1
            case (0, UInt8(ascii: "0")), (1, UInt8(ascii: "0")): state = 2
            case (0, _) where digit, (1, _) where digit, (3, _) where digit: state = 3
            case (2, UInt8(ascii: ".")), (3, UInt8(ascii: ".")): state = 4
            case (4, _) where digit, (5, _) where digit: state = 5
            case (2, UInt8(ascii: "e")), (2, UInt8(ascii: "E")), (3, UInt8(ascii: "e")), (3, UInt8(ascii: "E")),
                 (5, UInt8(ascii: "e")), (5, UInt8(ascii: "E")): state = 6
            case (6, UInt8(ascii: "+")), (6, UInt8(ascii: "-")): state = 7
            case (6, _) where digit, (7, _) where digit, (8, _) where digit: state = 8
            default: return false
            }
        }
        return state == 2 || state == 3 || state == 5 || state == 8
    }

    /// The integer `text` denotes: plain digits exactly; a fraction or exponent
    /// (`1e3`, `2.0`) through `Double`, which must be integral.
    static func integer(_ text: String) throws(Failure) -> Integer {
        guard isValid(text) else { throw .notANumber }
        let utf8 = text.utf8
        let negative = utf8.first == UInt8(ascii: "-")
        if !utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            var magnitude: UInt64 = 0
            for byte in utf8.dropFirst(negative ? 1 : 0) {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw .outOfRange }
                magnitude = sum
            }
            return Integer(negative: negative, magnitude: magnitude)
        }
        guard let double = Double(text) else { throw .notANumber }
        guard double.isFinite else { throw .outOfRange }
        guard double == double.rounded() else { throw .notAnInteger }
        guard abs(double) < 18_446_744_073_709_551_616.0 else { throw .outOfRange }
        return Integer(negative: double < 0, magnitude: UInt64(abs(double)))
    }

    /// A double from number text, or from the strings `NaN`, `Infinity`, `-Infinity`.
    static func double(_ text: String, allowSpecial: Bool) throws(Failure) -> Double {
        if allowSpecial {
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: break
            }
        }
        guard isValid(text), let value = Double(text) else { throw .notANumber }
        guard value.isFinite else { throw .outOfRange }
        return value
    }
}
