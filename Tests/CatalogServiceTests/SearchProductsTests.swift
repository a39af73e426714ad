import CatalogAPI
import CatalogService
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// SearchProducts (003 §3.7): keyword ranking over full text and trigrams, threshold,
/// filters, highlighted chunks; diacritics never stand in the way.
@Suite struct SearchProductsTests {
    func search(_ harness: CatalogHarness, _ request: SearchProductsRequest) async throws -> SearchProductsResponse {
        try await harness.client.searchProducts(request, options: harness.options)
    }

    /// A: "surub" in the name; B: only in the description; C: unrelated; D: deleted.
    func seed(_ harness: CatalogHarness) async throws {
        var a = newProduct("SCR-M8", name: "Șurub inox M8", category: "fasteners", price: "3.50", stock: 10)
        a.shortDescription = "Șurub autoforant din inox"
        a.description = "Pentru lemn și metal.\nNu ruginește: inox A2 <AISI 304>."
        try await harness.create(a)
        var b = newProduct("DBL-8", name: "Diblu nailon 8 mm", category: "fasteners", price: "0.40")
        b.description = "Se folosește cu un surub de 5 mm."
        try await harness.create(b)
        try await harness.create(newProduct("HMR-1", name: "Ciocan", category: "tools", price: "35"))
        let deleted = try await harness.create(newProduct("SCR-OLD", name: "Șurub vechi"))
        _ = try await harness.client.deleteProduct(DeleteProductRequest(id: deleted), options: harness.options)
    }

    @Test func ranksNameMatchesAboveDescriptionMatches_withScoresBetween0And1() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            let response = try await search(harness, SearchProductsRequest(query: "surub"))
            #expect(response.results.map { $0.product?.sku } == ["SCR-M8", "DBL-8"])
            #expect(response.totalFound == 2)
            let scores = response.results.map(\.score)
            #expect(scores.allSatisfy { $0 > 0 && $0 <= 1 })
            #expect(scores[0] > scores[1])
            #expect(response.results.allSatisfy { $0.matchType == .keyword && $0.matchedChunks.isEmpty })
            #expect(response.queryEmbedding.isEmpty)
            #expect(response.searchTime < 30_000)
            #expect(response.results[0].product?.price?.value == "3.50")
        }
    }

    @Test func diacriticsAndCase_neverStopAMatch_commaBelowCedillaOrNone() async throws {
        try await CatalogHarness.with { harness in
            try await harness.create(newProduct("CED-1", name: "ŞURUB cu cap hexagonal"))  // cedilla Ş (U+015E)
            try await harness.create(newProduct("PLN-1", name: "Surub simplu"))
            try await harness.create(newProduct("PLR-1", name: "Șuruburi pentru lemn"))  // words match as prefixes
            for query in ["surub", "șurub", "ŞURUB", "Şurub"] {
                let skus = try await search(harness, SearchProductsRequest(query: query)).results.compactMap { $0.product?.sku }
                #expect(Set(skus) == ["CED-1", "PLN-1", "PLR-1"], "\(query)")
            }
        }
    }

    @Test func aTypoInTheName_isFoundByTrigrams() async throws {
        try await CatalogHarness.with { harness in
            try await harness.create(newProduct("BRM-1", name: "Bormașină"))
            let response = try await search(harness, SearchProductsRequest(query: "bormasnia"))
            #expect(response.results.map { $0.product?.sku } == ["BRM-1"])
        }
    }

    @Test func threshold_dropsLowerScores_andTotalFoundCountsOnlyWhatPassed_beforeTheLimit() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            let all = try await search(harness, SearchProductsRequest(query: "surub")).results.map(\.score)
            let between = (all[0] + all[1]) / 2
            let strict = try await search(harness, SearchProductsRequest(query: "surub", threshold: between))
            #expect(strict.results.map { $0.product?.sku } == ["SCR-M8"])
            #expect(strict.totalFound == 1)
            let limited = try await search(harness, SearchProductsRequest(query: "surub", limit: 1))
            #expect(limited.results.count == 1)
            #expect(limited.totalFound == 2)
        }
    }

    @Test func filtersNarrowTheCandidates() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            func skus(_ filters: SearchFilters) async throws -> [String] {
                try await search(harness, SearchProductsRequest(query: "surub", filters: filters)).results.compactMap { $0.product?.sku }
            }
            #expect(try await skus(SearchFilters(inStock: true)) == ["SCR-M8"])
            #expect(try await skus(SearchFilters(maxPrice: dec("1"))) == ["DBL-8"])
            #expect(try await skus(SearchFilters(minPrice: dec("1"), maxPrice: dec("5"))) == ["SCR-M8"])
            #expect(try await skus(SearchFilters(category: "tools")) == [])
            #expect(try await skus(SearchFilters(status: .inactive)) == [])
        }
    }

    @Test func includeChunks_returnsTheMatchingPieces_highlightedAndEscaped_bestFirst() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            let response = try await search(harness, SearchProductsRequest(query: "surub inox", includeChunks: true))
            let first = try #require(response.results.first)
            #expect(first.product?.sku == "SCR-M8")
            #expect(first.matchedChunks.map(\.highlight) == [
                "<mark>Șurub</mark> <mark>inox</mark> M8",
                "<mark>Șurub</mark> autoforant din <mark>inox</mark>",
                "Nu ruginește: <mark>inox</mark> A2 &lt;AISI 304&gt;.",
            ])
            #expect(first.matchedChunks.map(\.score) == [1, 1, 0.5])
            #expect(first.matchedChunks[2].text == "Nu ruginește: inox A2 <AISI 304>.")
        }
    }

    @Test func semanticAndHybrid_answerWithTheKeywordRanking_andSaySo() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            let keyword = try await search(harness, SearchProductsRequest(query: "surub", searchType: .keyword))
            for type in [SearchType.semantic, .hybrid, .unspecified] {
                let response = try await search(harness, SearchProductsRequest(query: "surub", searchType: type))
                #expect(response.results.map { $0.product?.sku } == keyword.results.map { $0.product?.sku })
                #expect(response.results.map(\.score) == keyword.results.map(\.score))
                #expect(response.results.allSatisfy { $0.matchType == .keyword })
            }
        }
    }

    @Test func deletedAndOtherTenantsProducts_areNeverFound() async throws {
        try await CatalogHarness.with { harness in
            try await seed(harness)
            #expect(try await search(harness, SearchProductsRequest(query: "vechi")).results.isEmpty)
            let other = try await harness.client.searchProducts(SearchProductsRequest(query: "surub"), options: harness.options(tenant: UUID()))
            #expect(other.results.isEmpty && other.totalFound == 0)
        }
    }

    @Test func invalidRequests_nameTheField() async throws {
        try await CatalogHarness.with { harness in
            func details(_ request: SearchProductsRequest) async throws -> StatusDetails {
                try statusDetails(await harness.failure { try await search(harness, request) })
            }
            var result = try await details(SearchProductsRequest(query: "  "))
            #expect(result.code == "VAL_REQUIRED_FIELD" && result.violations.map(\.field) == ["query"])
            result = try await details(SearchProductsRequest(query: "surub", limit: 51))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["limit"])
            result = try await details(SearchProductsRequest(query: "surub", threshold: 1.5))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["threshold"])
            result = try await details(SearchProductsRequest(query: "surub", filters: SearchFilters(status: .discontinued)))
            #expect(result.code == "VAL_INVALID_ENUM" && result.violations.map(\.field) == ["filters.status"])
            result = try await details(SearchProductsRequest(query: "surub", filters: SearchFilters(minPrice: dec("x"))))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["filters.minPrice"])
            #expect(try await search(harness, SearchProductsRequest(query: "!!!")).results.isEmpty)
        }
    }

    @Test func theDatabasesFolding_agreesWithTextFolding_forEveryLetterItFolds() async throws {
        try await CatalogHarness.with { harness in
            var letters = ""
            for value in 0x00C0...0x024F {
                guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { continue }
                letters.unicodeScalars.append(scalar)
            }
            letters += "ABCxyz019 ȘșȚțŞşŢţĂăÂâÎî"
            let folded = try await harness.sql { tx in
                try await tx.query("SELECT fold_text(\(letters)) AS folded")[0].decode(String.self, column: "folded")
            }
            // Letters TextFolding leaves alone (ø, đ, ł, æ …: no canonical decomposition) may
            // differ only by case, which lower() may or may not change in the C.UTF-8 locale.
            for (database, swift) in zip(folded, TextFolding.fold(letters)) where swift.isASCII || database.isASCII {
                #expect(database == swift)
            }
            #expect(folded.count == TextFolding.fold(letters).count)
        }
    }
}
