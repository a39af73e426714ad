import Foundation
import ProtoJSON
import Testing

/// 003 §3 through the gateway over real HTTP: the seed's shapes, statuses and codes.
@Suite struct ProductsRoutesTests {
    static func product(_ sku: String, extra: String = "") -> String {
        #"{"sku":"\#(sku)","name":"Bormasina \#(sku)","category":"scule","price":199.90,"vatRate":21,"unit":"buc","stock":12,"#
            + #""specifications":{"putere":750,"culoare":"rosu"},"tags":["diy"]\#(extra)}"#
    }

    @Test func createThenReadListUpdateAndDelete_withTheSeedsShapes() async throws {
        try await GatewayHarness.with { h in
            let created = try await h.call("POST", "/api/v1/products", json: Self.product("P-1"))
            #expect(created.status == 201)
            #expect(created.json?["success"] == .bool(true))
            #expect(created.headers["content-type"] == "application/json; charset=utf-8")
            let id = try #require(created.data?["id"]?.stringValue)
            #expect(created.data?["sku"] == .string("P-1"))
            #expect(created.data?["status"] == .string("active"))
            #expect(created.json?["meta"]?["requestId"]?.stringValue == created.headers["x-request-id"])

            let detail = try await h.call("GET", "/api/v1/products/\(id)")
            #expect(detail.status == 200)
            #expect(detail.data?["price"] == .number("199.90"))
            #expect(detail.data?["priceWithVat"] == .number("241.88"))
            #expect(detail.data?["specifications"] == .object([.init("culoare", .string("rosu")), .init("putere", .number("750"))]))
            #expect(detail.data?["reservedStock"] == .number("0"), "zero values are written, not omitted")
            #expect(detail.data?["relatedProducts"] == .array([]))

            let list = try await h.call("GET", "/api/v1/products?category=scule&inStock=true")
            #expect(list.status == 200)
            #expect(list.data?.arrayValue?.count == 1)
            #expect(list.json?["pagination"] == .object([.init("page", .number("1")), .init("limit", .number("25")), .init("total", .number("1")),
                                                         .init("totalPages", .number("1")), .init("hasNext", .bool(false)), .init("hasPrevious", .bool(false))]))

            let updated = try await h.call("PATCH", "/api/v1/products/\(id)", json: #"{"price":150,"costPrice":null,"name":"Nou"}"#)
            #expect(updated.status == 200)
            let changed = Set(updated.data?["changedFields"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(changed.isSuperset(of: ["price", "name"]))
            let after = try await h.call("GET", "/api/v1/products/\(id)")
            #expect(after.data?["price"] == .number("150.00"))
            #expect(after.data?["name"] == .string("Nou"))
            #expect(after.data?["category"] == .string("scule"), "members the PATCH did not name stay as they were")

            let deleted = try await h.call("DELETE", "/api/v1/products/\(id)?hard=true&cascade=true")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            let gone = try await h.call("GET", "/api/v1/products/\(id)")
            #expect(gone.status == 404)
            #expect(gone.errorCode == "RES_NOT_FOUND")
        }
    }

    @Test func invalidBodies_areAnsweredWithTheSeedsValidationCodes() async throws {
        try await GatewayHarness.with { h in
            let missing = try await h.call("POST", "/api/v1/products", json: #"{"sku":"X"}"#)
            #expect(missing.status == 422)
            #expect(missing.errorCode == "VAL_MULTIPLE_ERRORS")
            let fields = Set(missing.json?["error"]?["validationErrors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
            #expect(fields.isSuperset(of: ["name", "category", "price", "unit"]))
            #expect(missing.json?["error"]?["details"]?["errors"]?.arrayValue?.count == missing.json?["error"]?["validationErrors"]?.arrayValue?.count)

            let malformed = try await h.call("POST", "/api/v1/products", json: #"{"sku": "#)
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "VAL_MALFORMED_JSON")

            let wrongType = try await h.call("POST", "/api/v1/products", json: Self.product("T-1", extra: #","stock":"many""#))
            #expect(wrongType.status == 400)
            #expect(wrongType.json?["error"]?["field"] == .string("stock"))

            let unknown = try await h.call("POST", "/api/v1/products", json: Self.product("T-2", extra: #","colour":"red""#))
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "VAL_UNKNOWN_FIELD")
            #expect(unknown.json?["error"]?["field"] == .string("colour"))

            let badEnum = try await h.call("POST", "/api/v1/products", json: Self.product("T-3", extra: #","currency":"GBP""#))
            #expect(badEnum.status == 422)
            #expect(badEnum.errorCode == "VAL_INVALID_ENUM")

            let notObject = try await h.call("POST", "/api/v1/products", json: "[1,2]")
            #expect(notObject.status == 400)
            #expect(notObject.errorCode == "VAL_INVALID_TYPE")

            let text = try await h.call("POST", "/api/v1/products", headers: [("Content-Type", "text/plain")])
            #expect(text.status == 415)
            #expect(text.errorCode == "VAL_INVALID_FORMAT")

            #expect(try await h.call("POST", "/api/v1/products", json: Self.product("D-1")).status == 201)
            let duplicate = try await h.call("POST", "/api/v1/products", json: Self.product("D-1"))
            #expect(duplicate.status == 409)
            #expect(duplicate.errorCode == "VAL_DUPLICATE")
            #expect(duplicate.json?["error"]?["field"] == .string("sku"))

            let pathMember = try await h.call("PATCH", "/api/v1/products/\(UUID().uuidString.lowercased())", json: #"{"id":"x","name":"y"}"#)
            #expect(pathMember.status == 400)
            #expect(pathMember.errorCode == "VAL_UNKNOWN_FIELD")
        }
    }

    @Test func queryParameters_areTypedAndBounded() async throws {
        try await GatewayHarness.with { h in
            #expect(try await h.call("GET", "/api/v1/products?limit=100&page=2&sort=price&order=desc&minPrice=10.5").status == 200)
            let tooMany = try await h.call("GET", "/api/v1/products?limit=101")
            #expect(tooMany.status == 422)
            #expect(tooMany.errorCode == "VAL_OUT_OF_RANGE")
            #expect(try await h.call("GET", "/api/v1/products?page=0").errorCode == "VAL_OUT_OF_RANGE")
            let notBool = try await h.call("GET", "/api/v1/products?inStock=maybe")
            #expect(notBool.status == 400)
            #expect(notBool.errorCode == "VAL_INVALID_TYPE")
            let unknown = try await h.call("GET", "/api/v1/products?colour=red")
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "VAL_UNKNOWN_FIELD")
            let twice = try await h.call("GET", "/api/v1/products?page=1&page=2")
            #expect(twice.errorCode == "VAL_DUPLICATE_FIELD")
            let badSort = try await h.call("GET", "/api/v1/products?sort=colour")
            #expect(badSort.status == 422)
            #expect(badSort.errorCode == "VAL_INVALID_ENUM")
            let badPrice = try await h.call("GET", "/api/v1/products?minPrice=cheap")
            #expect(badPrice.status == 422)
            #expect(badPrice.json?["error"]?["field"] == .string("minPrice"))
            let bodyOnGet = try await h.call("GET", "/api/v1/products", json: "{}")
            #expect(bodyOnGet.status == 422)
        }
    }

    @Test func searchAndRelatedProducts() async throws {
        try await GatewayHarness.with { h in
            let a = try #require(try await h.call("POST", "/api/v1/products", json: Self.product("S-1")).data?["id"]?.stringValue)
            let b = try #require(try await h.call("POST", "/api/v1/products", json: Self.product("S-2")).data?["id"]?.stringValue)
            let search = try await h.call("POST", "/api/v1/products/search", json: #"{"query":"bormasina","searchType":"keyword","includeChunks":true}"#)
            #expect(search.status == 200)
            #expect(search.data?["totalFound"] == .number("2"))
            #expect(search.data?["results"]?.arrayValue?.first?["matchType"] == .string("keyword"))
            let related = try await h.call("PUT", "/api/v1/products/\(a)/related", json: #"{"relations":[{"productId":"\#(b)","relation":"accessory"}]}"#)
            #expect(related.status == 200)
            let detail = try await h.call("GET", "/api/v1/products/\(a)")
            #expect(detail.data?["relatedProducts"]?.arrayValue?.first?["relation"] == .string("accessory"))
            let vat = try await h.call("GET", "/api/v1/vat-rates")
            #expect(vat.status == 200)
            #expect((vat.data?.arrayValue?.count ?? 0) > 0)
            let rate = #"{"rate":5,"category":"reduced","validFrom":"2027-01-01","description":"books"}"#
            let viewer = try await h.call("PUT", "/api/v1/vat-rates", json: rate, token: h.token(roles: ["sales_manager"]))
            #expect(viewer.status == 403, "VAT rates are settings: admin:settings")
            let set = try await h.call("PUT", "/api/v1/vat-rates", json: rate)
            #expect(set.status == 200)
            #expect(set.data?["rate"] == .number("5"))
            let onDay = try await h.call("GET", "/api/v1/vat-rates?on=2027-02-01")
            #expect(onDay.data?.arrayValue?.contains { $0["rate"] == .number("5") } == true)
        }
    }
}
