import CatalogService
import Testing

@Suite struct SearchHighlighterTests {
    @Test func marksMatchingWords_andEscapesTheRest() {
        let highlight = SearchHighlighter(query: "surub inox").highlight("Șurub <M8> & inox")
        #expect(highlight.html == "<mark>Șurub</mark> &lt;M8&gt; &amp; <mark>inox</mark>")
        #expect(highlight.matchCount == 2)
    }

    @Test func ignoresCaseAndRomanianDiacritics_commaBelowAndCedillaAlike() {
        let highlighter = SearchHighlighter(query: "ȘURUB țeavă")
        let text = "surub ŞURUB şurub Șurub teava ŢEAVĂ ţeava"
        #expect(highlighter.highlight(text).matchCount == 7)
        #expect(SearchHighlighter(query: "mâner").highlight("MANER mâner maner").matchCount == 3)
        #expect(SearchHighlighter(query: "întrerupător").highlight("Intrerupator").matchCount == 1)
    }

    @Test func marksInflectedFormsByPrefix_butNotWordsThatOnlyContainTheTerm() {
        let highlight = SearchHighlighter(query: "surub").highlight("Șuruburile și microșuruburi")
        #expect(highlight.html == "<mark>Șuruburile</mark> și microșuruburi")
    }

    @Test func escapesTextInsideMarks() {
        #expect(SearchHighlighter(query: "brien").highlight("O'Brien & <Co>").html == "O&#39;<mark>Brien</mark> &amp; &lt;Co&gt;")
    }

    @Test func ignoresOneLetterTerms() {
        #expect(SearchHighlighter(query: "a b").highlight("a b abc").matchCount == 0)
        #expect(SearchHighlighter(query: "").highlight("<x>").html == "&lt;x&gt;")
    }

    @Test func splitsTheTextIntoAlternatingSegments() {
        let segments = SearchHighlighter(query: "m8").highlight("Șurub M8, piuliță M8").segments
        #expect(segments.map(\.text) == ["Șurub ", "M8", ", piuliță ", "M8"])
        #expect(segments.map(\.isMatch) == [false, true, false, true])
    }

    @Test func foldsQueriesIntoDistinctTerms() {
        #expect(TextFolding.terms(in: "Șuruburi M8, inox! șuruburi") == ["suruburi", "m8", "inox"])
        #expect(TextFolding.fold("ĂÂÎȘȚăâîșțŞŢşţ") == "aaistaaiststst")
    }
}

@Suite struct SearchScoreTests {
    @Test func keywordScoreStaysIn0To1_andGrowsWithRankAndSimilarity() {
        #expect(SearchScore.keyword(tsRank: 0, trigramSimilarity: 0) == 0)
        #expect(SearchScore.keyword(tsRank: .infinity, trigramSimilarity: 1) == 1)
        let weak = SearchScore.keyword(tsRank: 0.06, trigramSimilarity: 0.2)
        let strong = SearchScore.keyword(tsRank: 0.6, trigramSimilarity: 0.8)
        #expect(0 < weak && weak < strong && strong < 1)
        // 0.6 · 0.1/0.2 + 0.4 · 0.5 = 0.5
        #expect(abs(SearchScore.keyword(tsRank: 0.1, trigramSimilarity: 0.5) - 0.5) < 1e-12)
    }

    @Test func scoresClampOutOfRangeAndNaNInputs() {
        #expect(SearchScore.keyword(tsRank: -5, trigramSimilarity: 7) == 0.4)
        #expect(SearchScore.keyword(tsRank: .nan, trigramSimilarity: .nan) == 0)
        #expect(SearchScore.hybrid(keyword: 2, semantic: -1) == 0.5)
    }

    @Test func hybridIsTheMeanOfKeywordAndSemantic() {
        #expect(abs(SearchScore.hybrid(keyword: 0.4, semantic: 0.8) - 0.6) < 1e-12)
    }
}
