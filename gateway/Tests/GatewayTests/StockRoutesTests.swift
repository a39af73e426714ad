import Foundation
import ProtoJSON
import Testing

/// 003 §6 through the gateway over real HTTP.
@Suite struct StockRoutesTests {
    @Test func adjustListMovementsReserveAndRelease() async throws {
        try await GatewayHarness.with { h in
            let id = try #require(try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("K-1")).data?["id"]?.stringValue)

            let adjusted = try await h.call("POST", "/api/v1/stock/\(id)/adjust", json: #"{"type":"subtract","quantity":10,"reason":"damage","referenceType":"damage"}"#)
            #expect(adjusted.status == 200)
            #expect(adjusted.data?["previousStock"] == .number("12"))
            #expect(adjusted.data?["newStock"] == .number("2"))
            #expect(adjusted.data?["adjustment"] == .number("-10"))

            let short = try await h.call("POST", "/api/v1/stock/\(id)/adjust", json: #"{"type":"subtract","quantity":5,"reason":"x"}"#)
            #expect(short.status == 422)
            #expect(short.errorCode == "BIZ_STOCK_INSUFFICIENT")

            let stock = try await h.call("GET", "/api/v1/stock?productId=\(id)")
            #expect(stock.status == 200)
            #expect(stock.data?.arrayValue?.first?["availableStock"] == .number("2"))
            #expect(stock.json?["pagination"]?["limit"] == .number("25"))

            let movements = try await h.call("GET", "/api/v1/stock/\(id)/movements?type=adjustment")
            #expect(movements.status == 200)
            #expect(movements.data?.arrayValue?.count == 1)

            let negotiation = UUID().uuidString.lowercased()
            let reserved = try await h.call("POST", "/api/v1/stock/reserve",
                                            json: #"{"negotiationId":"\#(negotiation)","items":[{"productId":"\#(id)","quantity":3}],"expiresIn":30}"#)
            #expect(reserved.status == 201)
            #expect(reserved.data?["items"]?.arrayValue?.first?["shortfall"] == .number("1"))
            #expect(reserved.data?["warnings"]?.arrayValue?.count == 1)
            let reservation = try #require(reserved.data?["reservationId"]?.stringValue)

            let locked = try await h.call("DELETE", "/api/v1/products/\(id)")
            #expect(locked.status == 409)
            #expect(locked.errorCode == "RES_LOCKED")

            let released = try await h.call("DELETE", "/api/v1/stock/reservations/\(reservation)")
            #expect(released.status == 200)
            #expect(released.data?["releasedItems"]?.arrayValue?.first?["quantity"] == .number("2"))
            let unknown = try await h.call("DELETE", "/api/v1/stock/reservations/\(UUID().uuidString.lowercased())")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "RES_NOT_FOUND")
        }
    }

    @Test func reservationRequiresNegotiationsWrite_andValidItems() async throws {
        try await GatewayHarness.with { h in
            let viewer = h.token(roles: ["viewer"])
            let denied = try await h.call("POST", "/api/v1/stock/reserve", json: #"{"negotiationId":"x","items":[]}"#, token: viewer)
            #expect(denied.status == 403)
            #expect(denied.errorCode == "AUTHZ_PERMISSION_DENIED")
            #expect(denied.json?["error"]?["details"]?["requiredPermissions"] == .array([.string("negotiations:write")]))
            let invalid = try await h.call("POST", "/api/v1/stock/reserve", json: #"{"negotiationId":"not-a-uuid","items":[{"productId":"","quantity":0}]}"#)
            #expect(invalid.status == 422)
            #expect(invalid.json?["error"]?["validationErrors"]?.arrayValue?.isEmpty == false)
        }
    }
}

/// Who may call what: tokens at the edge, scopes per route, and tenants that never meet.
@Suite struct AccessRoutesTests {
    @Test func tokensAreVerifiedAtTheEdge() async throws {
        try await GatewayHarness.with { h in
            let missing = try await h.call("GET", "/api/v1/products", token: .some(nil))
            #expect(missing.status == 401)
            #expect(missing.errorCode == "AUTH_TOKEN_MISSING")
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            #expect(try await h.call("GET", "/api/v1/products", token: "not.a.token").errorCode == "AUTH_TOKEN_INVALID")
            #expect(try await h.call("GET", "/api/v1/products", token: h.token(expiresIn: -3600)).errorCode == "AUTH_TOKEN_EXPIRED")
            let forged = try await h.call("GET", "/api/v1/products", token: h.token(key: GatewayHarness.otherKey))
            #expect(forged.status == 401)
            #expect(forged.errorCode == "AUTH_TOKEN_INVALID")
            let basic = try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.errorCode == "AUTH_TOKEN_INVALID")
        }
    }

    @Test func scopesFollowTheRoleTable() async throws {
        try await GatewayHarness.with { h in
            let viewer = h.token(roles: ["viewer"])
            #expect(try await h.call("GET", "/api/v1/products", token: viewer).status == 200)
            let write = try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("V-1"), token: viewer)
            #expect(write.status == 403)
            #expect(write.errorCode == "AUTHZ_PERMISSION_DENIED")
            let rep = h.token(roles: ["sales_rep"])
            #expect(try await h.call("DELETE", "/api/v1/products/\(UUID().uuidString.lowercased())", token: rep).status == 403)
            let explicit = h.token(roles: ["viewer"], permissions: ["products:write"])
            #expect(try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("V-2"), token: explicit).status == 201)
            let mismatch = try await h.call("GET", "/api/v1/products", headers: [("X-Tenant-ID", UUID().uuidString)])
            #expect(mismatch.status == 403)
            #expect(mismatch.errorCode == "AUTHZ_TENANT_MISMATCH")
            #expect(try await h.call("GET", "/api/v1/products", headers: [("X-Tenant-ID", h.tenant.uppercased())]).status == 200)
        }
    }

    @Test func aTenantNeverReadsOrChangesAnotherTenantsProduct() async throws {
        try await GatewayHarness.with { h in
            let id = try #require(try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("A-1")).data?["id"]?.stringValue)
            let other = h.token(tenant: UUID().uuidString.lowercased())
            for (method, path, body) in [("GET", "/api/v1/products/\(id)", nil), ("PATCH", "/api/v1/products/\(id)", #"{"name":"stolen"}"#),
                                         ("DELETE", "/api/v1/products/\(id)?hard=true", nil), ("GET", "/api/v1/stock/\(id)/movements", nil),
                                         ("POST", "/api/v1/stock/\(id)/adjust", #"{"type":"set","quantity":0,"reason":"x"}"#)] as [(String, String, String?)] {
                let reply = try await h.call(method, path, json: body, token: other)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.errorCode == "RES_NOT_FOUND", "\(method) \(path)")
            }
            let list = try await h.call("GET", "/api/v1/products", token: other)
            #expect(list.data == .array([]))
            let mine = try await h.call("GET", "/api/v1/products/\(id)")
            #expect(mine.data?["name"] == .string("Bormasina A-1"))
            #expect(mine.data?["stock"] == .number("12"))
        }
    }
}
