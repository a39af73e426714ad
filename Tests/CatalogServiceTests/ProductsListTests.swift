import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import Testing

/// ListProducts (003 §3.1, §1.4): filters, sorts, offset and cursor pages.
@Suite struct ProductsListTests {
    func list(_ harness: CatalogHarness, _ request: ListProductsRequest) async throws -> ListProductsResponse {
        try await harness.client.listProducts(request, options: harness.options)
    }

    func skus(_ harness: CatalogHarness, _ request: ListProductsRequest) async throws -> [String] {
        try await list(harness, request).data.map(\.sku)
    }

    /// Five products created one after another: A…E by creation, with names, prices, stock
    /// and categories in other orders.
    func seed(_ harness: CatalogHarness) async throws -> [String: String] {
        let specs: [(String, String, String, Int64, String, ProductStatus)] = [
            ("A", "Șurub inox M8", "3.50", 100, "fasteners", .active),
            ("B", "Bormașină Bosch", "450.00", 0, "tools", .active),
            ("C", "Ciocan", "35.00", 5, "tools", .inactive),
            ("D", "Surubelniță", "12.00", 2, "tools", .active),
            ("E", "Zidărie mortar", "20.00", 50, "materials", .active),
        ]
        var ids: [String: String] = [:]
        for (sku, name, price, stock, category, status) in specs {
            var request = newProduct(sku, name: name, category: category, price: price, stock: stock)
            request.status = status
            ids[sku] = try await harness.create(request)
        }
        return ids
    }

    @Test func offsetPage_defaultsToPage1Of25_inCreationOrder_withThePageInfo() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            let response = try await list(harness, ListProductsRequest())
            #expect(response.data.map(\.sku) == ["A", "B", "C", "D", "E"])
            #expect(response.pageInfo == .pagination(PageInfo(page: 1, limit: 25, total: 5, totalPages: 1, hasNext: false, hasPrevious: false)))
            let item = try #require(response.data.first)
            #expect(item.name == "Șurub inox M8" && item.price?.value == "3.50" && item.vatRate?.value == "21")
            #expect(item.currency == .ron && item.unit == "buc" && item.stock == 100 && item.status == .active && !item.hasEmbedding)
        }
    }

    @Test func offsetPages_neverOverlap_andSayWhetherMoreLieEitherSide() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            let second = try await list(harness, ListProductsRequest(page: 2, limit: 2, sort: .price))
            #expect(second.data.map(\.sku) == ["E", "C"])  // by price: A D | E C | B
            #expect(second.pageInfo == .pagination(PageInfo(page: 2, limit: 2, total: 5, totalPages: 3, hasNext: true, hasPrevious: true)))
            let third = try await list(harness, ListProductsRequest(page: 3, limit: 2, sort: .price))
            #expect(third.data.map(\.sku) == ["B"])
            if case .pagination(let info)? = third.pageInfo { #expect(!info.hasNext) } else { Issue.record("no page info") }
            let beyond = try await list(harness, ListProductsRequest(page: 9, limit: 2))
            #expect(beyond.data.isEmpty)
        }
    }

    @Test func sortsByEveryFieldBothWays_namesFoldedSoȘSortsWithS() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            #expect(try await skus(harness, ListProductsRequest(sort: .name)) == ["B", "C", "A", "D", "E"])
            #expect(try await skus(harness, ListProductsRequest(sort: .name, order: .desc)) == ["E", "D", "A", "C", "B"])
            #expect(try await skus(harness, ListProductsRequest(sort: .sku, order: .desc)) == ["E", "D", "C", "B", "A"])
            #expect(try await skus(harness, ListProductsRequest(sort: .price)) == ["A", "D", "E", "C", "B"])
            #expect(try await skus(harness, ListProductsRequest(sort: .stock, order: .desc)) == ["A", "E", "C", "D", "B"])
            #expect(try await skus(harness, ListProductsRequest(sort: .createdAt, order: .desc)) == ["E", "D", "C", "B", "A"])
        }
    }

    @Test func filtersByCategoryStatusPriceRangeAndEmbedding() async throws {
        try await CatalogHarness.with { harness in
            let ids = try await seed(harness)
            #expect(try await skus(harness, ListProductsRequest(category: "tools")) == ["B", "C", "D"])
            #expect(try await skus(harness, ListProductsRequest(status: .inactive)) == ["C"])
            #expect(try await skus(harness, ListProductsRequest(minPrice: dec("12"), maxPrice: dec("35.00"))) == ["C", "D", "E"])
            #expect(try await skus(harness, ListProductsRequest(category: "tools", status: .active, maxPrice: dec("100"))) == ["D"])
            let embedded = try #require(ids["E"])
            try await harness.sql { tx in try await tx.query("UPDATE products SET has_embedding = true WHERE id = \(UUID(uuidString: embedded)!)") }
            #expect(try await skus(harness, ListProductsRequest(hasEmbedding: true)) == ["E"])
        }
    }

    @Test func inStock_meansAvailableAboveZero_afterActiveReservations() async throws {
        try await CatalogHarness.with { harness in
            let ids = try await seed(harness)
            try await harness.reserve(try #require(ids["D"]), quantity: 2)  // all of D's 2 units
            try await harness.reserve(try #require(ids["C"]), quantity: 5, released: true)
            #expect(try await skus(harness, ListProductsRequest(inStock: true)) == ["A", "C", "E"])
        }
    }

    @Test func search_matchesWordsAsPrefixes_ignoringDiacritics_andTyposInTheName() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            #expect(try await skus(harness, ListProductsRequest(search: "surub")) == ["A", "D"])
            #expect(try await skus(harness, ListProductsRequest(search: "ȘURUB inox")) == ["A"])
            #expect(try await skus(harness, ListProductsRequest(search: "bormasina")) == ["B"])
            #expect(try await skus(harness, ListProductsRequest(search: "Bormasnia Bosch")) == ["B"])  // a typo: trigrams
            #expect(try await skus(harness, ListProductsRequest(search: "tools")) == ["B", "C", "D"])  // the category is in the document
            #expect(try await skus(harness, ListProductsRequest(search: "xylophone")) == [])
            #expect(try await skus(harness, ListProductsRequest(search: "  ")) == ["A", "B", "C", "D", "E"])
        }
    }

    @Test func softDeletedProducts_areNeverListed() async throws {
        try await CatalogHarness.with { harness in
            let ids = try await seed(harness)
            _ = try await harness.client.deleteProduct(DeleteProductRequest(id: try #require(ids["C"])), options: harness.options)
            #expect(try await skus(harness, ListProductsRequest()) == ["A", "B", "D", "E"])
            #expect(try await skus(harness, ListProductsRequest(direction: .forward)) == ["A", "B", "D", "E"])
        }
    }

    @Test func cursorPagesForward_walkEveryProductOnce_inCreationOrder() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            var seen: [String] = []
            var request = ListProductsRequest(limit: 2, direction: .forward)
            var infos: [CursorInfo] = []
            while true {
                let response = try await list(harness, request)
                guard case .cursorPagination(let info)? = response.pageInfo else { Issue.record("no cursor info"); return }
                seen += response.data.map(\.sku)
                infos.append(info)
                #expect(Int(info.count) == response.data.count)
                guard info.hasMore else { break }
                request = ListProductsRequest(limit: 2, cursor: info.cursor)
            }
            #expect(seen == ["A", "B", "C", "D", "E"])
            #expect(infos.map(\.hasMore) == [true, true, false])
            #expect(infos.map(\.count) == [2, 2, 1])
        }
    }

    @Test func cursorPagesBackward_fromTheEnd_walkBackInCreationOrderPerPage() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            var pages: [[String]] = []
            var request = ListProductsRequest(limit: 2, direction: .backward)
            while true {
                let response = try await list(harness, request)
                guard case .cursorPagination(let info)? = response.pageInfo else { Issue.record("no cursor info"); return }
                pages.append(response.data.map(\.sku))
                guard info.hasMore else { break }
                request = ListProductsRequest(limit: 2, cursor: info.cursor, direction: .backward)
            }
            #expect(pages == [["D", "E"], ["B", "C"], ["A"]])

            // Backward from a forward cursor: the items strictly before it.
            let first = try await list(harness, ListProductsRequest(limit: 3, direction: .forward))
            guard case .cursorPagination(let info)? = first.pageInfo else { Issue.record("no cursor info"); return }
            let before = try await list(harness, ListProductsRequest(limit: 5, cursor: info.cursor, direction: .backward))
            #expect(before.data.map(\.sku) == ["A", "B"])
            // Its cursor sits at its first item, A: where a forward page of one ends.
            let onlyA = try await list(harness, ListProductsRequest(limit: 1, direction: .forward))
            guard case .cursorPagination(let atA)? = onlyA.pageInfo else { Issue.record("no cursor info"); return }
            #expect(before.pageInfo == .cursorPagination(CursorInfo(cursor: atA.cursor, hasMore: false, count: 2)))
        }
    }

    @Test func filtersApplyToCursorPagesToo_andAnEmptyPageHasNoCursor() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            let tools = try await list(harness, ListProductsRequest(limit: 2, direction: .forward, category: "tools"))
            #expect(tools.data.map(\.sku) == ["B", "C"])
            guard case .cursorPagination(let info)? = tools.pageInfo else { Issue.record("no cursor info"); return }
            let rest = try await list(harness, ListProductsRequest(limit: 2, cursor: info.cursor, category: "tools"))
            #expect(rest.data.map(\.sku) == ["D"])
            let none = try await list(harness, ListProductsRequest(direction: .forward, category: "none"))
            #expect(none.pageInfo == .cursorPagination(CursorInfo(cursor: "", hasMore: false, count: 0)))
        }
    }

    @Test func invalidPaging_isRefused_namingTheField() async throws {
        try await CatalogHarness.with { harness in
            func details(_ request: ListProductsRequest) async throws -> StatusDetails {
                try statusDetails(await harness.failure { try await harness.client.listProducts(request, options: harness.options) })
            }
            var result = try await details(ListProductsRequest(limit: 101))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["limit"])
            result = try await details(ListProductsRequest(cursor: "bm90IGEgY3Vyc29y"))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["cursor"])
            result = try await details(ListProductsRequest(sort: .price, direction: .forward))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["sort"])
            result = try await details(ListProductsRequest(minPrice: dec("10"), maxPrice: dec("5")))
            #expect(result.code == "VAL_OUT_OF_RANGE" && result.violations.map(\.field) == ["minPrice"])
            result = try await details(ListProductsRequest(maxPrice: dec("abc")))
            #expect(result.code == "VAL_INVALID_FORMAT" && result.violations.map(\.field) == ["maxPrice"])
            let error = await harness.failure { try await harness.client.listProducts(ListProductsRequest(limit: 101), options: harness.options) }
            #expect(error?.code == .invalidArgument)
            #expect(try await skus(harness, ListProductsRequest(limit: 100)) == [])
        }
    }

    @Test func anotherTenantsProducts_areNotListed() async throws {
        try await CatalogHarness.with { harness in
            _ = try await seed(harness)
            let other = try await harness.client.listProducts(ListProductsRequest(), options: harness.options(tenant: UUID()))
            #expect(other.data.isEmpty)
        }
    }
}
