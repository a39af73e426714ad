import Foundation

/// Case- and diacritic-insensitive folding for search: "Șurub ŞURUB șurub" all fold to
/// "surub". Covers Romanian's ă â î ș ț and the legacy cedilla forms ş ţ (U+015F, U+0163)
/// that older Romanian text still uses, and every other Latin diacritic the same way.
public enum TextFolding {
    /// `character` decomposed (NFD), stripped of its combining marks (comma below, cedilla,
    /// breve, circumflex, …) and lower-cased. Usually one character; may be empty or longer.
    public static func fold(_ character: Character) -> String {
        if character.isASCII { return character.lowercased() }
        let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
        var base = String.UnicodeScalarView()
        for scalar in decomposed where scalar.properties.generalCategory != .nonspacingMark {
            base.append(scalar)
        }
        return String(base).lowercased()
    }

    /// `text` folded character by character.
    public static func fold(_ text: String) -> String {
        text.map(fold).joined()
    }

    /// The search terms of `query`: its runs of letters and digits, folded, each once,
    /// in order. "Șuruburi M8, inox!" → ["suruburi", "m8", "inox"].
    public static func terms(in query: String) -> [String] {
        var terms: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty, !terms.contains(current) { terms.append(current) }
            current = ""
        }
        for character in query {
            if character.isLetter || character.isNumber {
                current += fold(character)
            } else {
                flush()
            }
        }
        flush()
        return terms
    }
}
