/// The pieces of a product's text that match a search query, for `matchedChunks`
/// (003 §3.7): the name, the short description and each paragraph of the description.
public enum ProductChunks {
    /// One matching piece.
    public struct Chunk: Hashable, Sendable {
        /// The piece's text.
        public var text: String
        /// The share of the query's terms it contains, 0 to 1.
        public var score: Double
        /// The text HTML-escaped with the matched words in `<mark>…</mark>` (SearchHighlighter).
        public var highlight: String

        /// A chunk.
        public init(text: String, score: Double, highlight: String) {
            self.text = text
            self.score = score
            self.highlight = highlight
        }
    }

    /// The most chunks returned per product.
    public static let maxChunks = 5

    /// The pieces of `name`, `shortDescription` and `description` (split into paragraphs at
    /// line breaks) in which a term of `query` matches a word (folded, as a prefix), best
    /// first, in text order among equals; at most `maxChunks`.
    public static func matched(query: String, name: String, shortDescription: String, description: String) -> [Chunk] {
        let highlighter = SearchHighlighter(query: query)
        let termMatchers = highlighter.terms.map { SearchHighlighter(terms: [$0]) }
        guard !termMatchers.isEmpty else { return [] }
        let paragraphs = description.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }
        let pieces = ([name.trimmingSpaces, shortDescription.trimmingSpaces] + paragraphs).filter { !$0.isEmpty }
        var chunks: [Chunk] = []
        for piece in pieces {
            let highlight = highlighter.highlight(piece)
            guard highlight.matchCount > 0 else { continue }
            let words = highlight.segments.filter(\.isMatch).map(\.text)
            let matchedTerms = termMatchers.filter { matcher in words.contains { matcher.matches($0) } }.count
            chunks.append(Chunk(text: piece, score: Double(matchedTerms) / Double(termMatchers.count), highlight: highlight.html))
        }
        // A stable sort: equal scores keep the text order (name, short description, description).
        let ranked = chunks.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
        return ranked.prefix(maxChunks).map(\.element)
    }
}
