/// PostgreSQL's text form of one-dimensional arrays (`{a,"b c",NULL}`), as documented in
/// "Arrays: Array Value Input" of the PostgreSQL manual.
enum PGArrayLiteral {
    /// `{"e1","e2"}`: every element quoted, with `"` and `\` escaped by a backslash.
    static func format(_ elements: [String]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// The elements of a one-dimensional array, `nil` for NULL. Throws for nested arrays
    /// and malformed text.
    static func parse(_ text: String) throws -> [String?] {
        var bytes = Array(text.utf8)[...]
        // A non-default lower bound prints as `[0:2]={…}`: the bounds do not change the elements.
        if bytes.first == UInt8(ascii: "[") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { throw malformed }
            bytes = bytes[(equals + 1)...]
        }
        guard bytes.popFirst() == UInt8(ascii: "{"), bytes.popLast() == UInt8(ascii: "}") else { throw malformed }
        var elements: [String?] = []
        if bytes.allSatisfy(isSpace) { return elements }
        while true {
            while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
            guard let first = bytes.first else { throw malformed }
            if first == UInt8(ascii: "{") { throw PGDecodingFailure("multi-dimensional arrays are not supported") }
            var element: [UInt8] = []
            if first == UInt8(ascii: "\"") {
                bytes.removeFirst()
                while true {
                    guard let byte = bytes.popFirst() else { throw malformed }
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") {
                        guard let escaped = bytes.popFirst() else { throw malformed }
                        element.append(escaped)
                    } else {
                        element.append(byte)
                    }
                }
                while let next = bytes.first, isSpace(next) { bytes.removeFirst() }
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                var sawEscape = false
                while let byte = bytes.first, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}") {
                    bytes.removeFirst()
                    if byte == UInt8(ascii: "\\") {
                        guard let escaped = bytes.popFirst() else { throw malformed }
                        element.append(escaped)
                        sawEscape = true
                    } else {
                        element.append(byte)
                    }
                }
                while let last = element.last, isSpace(last) { element.removeLast() }
                let value = String(decoding: element, as: UTF8.self)
                elements.append(!sawEscape && value.uppercased() == "NULL" ? nil : value)
            }
            guard let separator = bytes.popFirst() else { return elements }
            guard separator == UInt8(ascii: ",") else { throw malformed }
        }
    }

    private static var malformed: PGDecodingFailure { PGDecodingFailure("not an array literal") }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

/// PostgreSQL's text forms of `bytea`: hex (`\x0aff`, the default since 9.0) and the older
/// escape format (`a\000\\`).
enum PGByteaText {
    static func parse(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") {
            return parseHex(bytes[2...])
        }
        return parseEscaped(bytes)
    }

    private static func parseHex(_ digits: ArraySlice<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func parseEscaped(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
                result.append(byte)
                index += 2
                continue
            }
            guard index + 3 < bytes.count else { return nil }
            var value = 0
            for offset in 1...3 {
                let digit = bytes[index + offset]
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
                value = value * 8 + Int(digit - UInt8(ascii: "0"))
            }
            guard value <= 255 else { return nil }
            result.append(UInt8(value))
            index += 4
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
