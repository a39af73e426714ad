/// Naming rules: proto names to Swift identifiers, and the C names protoc-c 1.4.1
/// gives the same declarations (its `FullNameToC`, `FullNameToLower`, `FieldName`).
enum Naming {
    // MARK: Swift

    /// `f_double` → `fDouble`, `ListServices` → `listServices`, `HTTPGet` → `httpGet`.
    static func lowerCamel(_ name: String) -> String {
        let parts = name.split(separator: "_").map(String.init)
        guard let first = parts.first else { return name }
        let head = lowercasingLeadingCapitals(first)
        return head + parts.dropFirst().map(capitalizingFirst).joined()
    }

    /// `choice` → `Choice`, `ai_agent` → `AiAgent`.
    static func upperCamel(_ name: String) -> String {
        name.split(separator: "_").map { capitalizingFirst(String($0)) }.joined()
    }

    /// `ServingStatus` → `SERVING_STATUS`, `HTTPCode` → `HTTP_CODE`.
    static func upperSnake(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("_")
                }
            }
            result += character.uppercased()
        }
        return result
    }

    /// The value name without its enum's prefix: `SERVING_STATUS_UNSPECIFIED` of
    /// `ServingStatus` → `UNSPECIFIED`; `NOT_SERVING` (no prefix) stays.
    static func strippingEnumPrefix(_ value: String, enumName: String) -> String {
        let prefix = upperSnake(enumName) + "_"
        guard value.hasPrefix(prefix), value.count > prefix.count else { return value }
        return String(value.dropFirst(prefix.count))
    }

    /// The default JSON spelling of an enum value: prefix stripped, lower-cased (`in_progress`).
    static func enumJSON(_ value: String, enumName: String) -> String {
        strippingEnumPrefix(value, enumName: enumName).lowercased()
    }

    /// The Swift case of an enum value: prefix stripped, lowerCamel (`inProgress`).
    static func enumCase(_ value: String, enumName: String) -> String {
        let name = lowerCamel(strippingEnumPrefix(value, enumName: enumName).lowercased())
        return name.first?.isNumber == true ? "_" + name : name
    }

    /// A property or case name safe to declare: keywords are escaped with backticks,
    /// and names that collide with members every message has get a trailing `_`.
    static func member(_ name: String) -> String {
        if memberCollisions.contains(name) { return name + "_" }
        return swiftKeywords.contains(name) ? "`\(name)`" : name
    }

    /// A type name safe to declare: names Swift reserves for types get a `Message` suffix.
    static func type(_ name: String) -> String {
        reservedTypeNames.contains(name) ? name + "Message" : name
    }

    /// `testing` → `TestingAPI`: the module of package `cerniq.testing.v1`.
    static func module(forPackage package: String) throws -> (module: String, area: String) {
        let parts = package.split(separator: ".")
        guard parts.count == 3, parts[0] == "cerniq", parts[2].first == "v" else {
            throw GeneratorError("package \(package): expected cerniq.<area>.v<N>")
        }
        let area = upperCamel(String(parts[1]))
        return (area + "API", area)
    }

    // MARK: C (protoc-c)

    /// `cerniq.testing.v1.Sample.Inner` → `Cerniq__Testing__V1__Sample__Inner` (the struct).
    static func cType(_ fullName: String) -> String {
        fullName.split(separator: ".").map { toCamel(String($0)) }.joined(separator: "__")
    }

    /// `cerniq.testing.v1.EchoRequest` → `cerniq__testing__v1__echo_request` (functions' prefix).
    static func cLower(_ fullName: String) -> String {
        fullName.split(separator: ".").map { camelToLower(String($0)) }.joined(separator: "__")
    }

    /// The struct member of a field: lower-cased, `_` appended to C/C++ keywords; escaped
    /// with backticks where it is a Swift keyword (`c.pointee.\`self\``).
    static func cField(_ name: String) -> String {
        let member = cMember(name)
        return swiftKeywords.contains(member) ? "`\(member)`" : member
    }

    /// The `n_<field>` count member of a repeated field.
    static func cCount(_ name: String) -> String { "n_" + cMember(name) }

    /// protoc-c `FieldName`.
    private static func cMember(_ name: String) -> String {
        let lower = name.lowercased()
        return cKeywords.contains(lower) ? lower + "_" : lower
    }

    /// The `<oneof>_case` member of a oneof.
    static func cOneofCase(_ oneof: String) -> String { camelToLower(oneof) + "_case" }

    // MARK: Helpers

    private static func capitalizingFirst(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    private static func lowercasingLeadingCapitals(_ word: String) -> String {
        let characters = Array(word)
        var run = 0
        while run < characters.count, characters[run].isUppercase { run += 1 }
        if run == 0 { return word }
        // Keep the last capital of a run when it starts the next word: HTTPGet → httpGet.
        if run > 1, run < characters.count, characters[run].isLowercase { run -= 1 }
        return String(characters[..<run]).lowercased() + String(characters[run...])
    }

    /// protoc-c `ToCamel`: upper-case the first letter and each letter after `_`, drop the `_`.
    private static func toCamel(_ name: String) -> String {
        var result = ""
        var nextIsUpper = true
        for character in name {
            if character == "_" {
                nextIsUpper = true
            } else if nextIsUpper {
                result += character.uppercased()
                nextIsUpper = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// protoc-c `CamelToLower`: `_` before a capital that follows a non-capital, all lower-cased.
    private static func camelToLower(_ name: String) -> String {
        var result = ""
        var wasUpper = true
        for character in name {
            let isUpper = character.isASCII && character.isUppercase
            if isUpper, !wasUpper { result.append("_") }
            result += isUpper ? character.lowercased() : String(character)
            wasUpper = isUpper
        }
        return result
    }

    private static let swiftKeywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "Any", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "_",
    ]

    /// Members of every generated message or enum that a field or case must not shadow.
    private static let memberCollisions: Set<String> = [
        "hashValue", "encoded", "protoName", "rawValue", "allCases", "fillCMessage", "cInitialize", "Type", "self",
    ]

    private static let reservedTypeNames: Set<String> = ["Type", "Protocol", "Self", "Any", "Sendable", "Hashable"]

    private static let cKeywords: Set<String> = [
        "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char", "class",
        "compl", "const", "const_cast", "continue", "default", "delete", "do", "double", "dynamic_cast", "else",
        "enum", "explicit", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
        "mutable", "namespace", "new", "not", "not_eq", "operator", "or", "or_eq", "private", "protected",
        "public", "register", "reinterpret_cast", "return", "short", "signed", "sizeof", "static",
        "static_cast", "struct", "switch", "template", "this", "throw", "true", "try", "typedef", "typeid",
        "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor",
        "xor_eq",
    ]
}
