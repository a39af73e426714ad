/// Marks the words of a text that match a search query, for `matchedChunks[].highlight`
/// (003 §3.7): every matching word wrapped in `<mark>…</mark>`, everything HTML-escaped.
///
/// A word (a run of letters and digits) matches when its folded form starts with a folded
/// query term, so "surub" marks "Șuruburile" and "ŞURUB": case, Romanian diacritics
/// (comma-below and cedilla forms alike) and inflected endings do not prevent a match.
/// Terms shorter than `minimumTermLength` are ignored, so "a" does not mark every word.
///
/// ```swift
/// let highlighter = SearchHighlighter(query: "surub inox")
/// highlighter.highlight("Șurub <M8> inox").html
/// // "<mark>Șurub</mark> &lt;M8&gt; <mark>inox</mark>"
/// ```
public struct SearchHighlighter: Sendable {
    /// A piece of the text: matched or not.
    public struct Segment: Hashable, Sendable {
        /// The original text of the piece, unescaped.
        public var text: String
        /// True when the piece is a matching word.
        public var isMatch: Bool

        /// A piece of `text`, matched or not.
        public init(text: String, isMatch: Bool) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    /// The highlighted text.
    public struct Highlight: Hashable, Sendable {
        /// The text in pieces, in order; adjacent pieces alternate between matched and not.
        public var segments: [Segment]
        /// The whole text HTML-escaped, matched words in `<mark>…</mark>`.
        public var html: String {
            segments.map { $0.isMatch ? "<mark>" + Self.escaped($0.text) + "</mark>" : Self.escaped($0.text) }.joined()
        }
        /// How many words matched.
        public var matchCount: Int { segments.filter(\.isMatch).count }

        /// `text` with & < > " ' escaped for HTML text and attribute values.
        public static func escaped(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(character)
                }
            }
            return out
        }
    }

    /// The shortest term that can match.
    public static let minimumTermLength = 2

    /// The folded terms the text is matched against.
    public let terms: [String]

    /// A highlighter for the terms of `query` (see `TextFolding.terms(in:)`).
    public init(query: String) {
        self.init(terms: TextFolding.terms(in: query))
    }

    /// A highlighter for `terms`, folded here.
    public init(terms: [String]) {
        self.terms = terms.map(TextFolding.fold).filter { $0.count >= Self.minimumTermLength }
    }

    /// `text` in matched and unmatched pieces.
    public func highlight(_ text: String) -> Highlight {
        var segments: [Segment] = []
        func add(_ piece: Substring, match: Bool) {
            guard !piece.isEmpty else { return }
            if let last = segments.last, last.isMatch == match, !match {
                segments[segments.count - 1].text += piece
            } else {
                segments.append(Segment(text: String(piece), isMatch: match))
            }
        }
        var index = text.startIndex
        var plainStart = text.startIndex
        while index < text.endIndex {
            guard isWordCharacter(text[index]) else {
                index = text.index(after: index)
                continue
            }
            let wordStart = index
            while index < text.endIndex, isWordCharacter(text[index]) { index = text.index(after: index) }
            let word = text[wordStart..<index]
            if matches(word) {
                add(text[plainStart..<wordStart], match: false)
                add(word, match: true)
                plainStart = index
            }
        }
        add(text[plainStart..<text.endIndex], match: false)
        return Highlight(segments: segments)
    }

    /// True when a folded form of `word` starts with one of the terms.
    public func matches(_ word: some StringProtocol) -> Bool {
        guard !terms.isEmpty else { return false }
        let folded = TextFolding.fold(String(word))
        return terms.contains { folded.hasPrefix($0) }
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
