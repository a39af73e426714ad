import Foundation
import ProtoJSON
import Testing

/// The whole path with the real Identity service: log in through the gateway, call the
/// catalog with the token, rotate it, log out, and see the token refused (003 §2.5).
@Suite struct IdentityEndToEndTests {
    @Test func loginCallRefreshLogout_throughTheGateway() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)","deviceId":"laptop"}"#,
                                         token: .some(nil))
            #expect(login.status == 200)
            #expect(login.data?["tokenType"] == .string("Bearer"))
            #expect(login.data?["user"]?["tenantName"] == .string("Gateway Test SRL"))
            let access = try #require(login.data?["accessToken"]?.stringValue)
            let refresh = try #require(login.data?["refreshToken"]?.stringValue)
            #expect(!login.text.contains(GatewayHarness.adminPassword), "the password never comes back")

            let created = try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("E2E-1"), token: access)
            #expect(created.status == 201)

            let wrong = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"nope-nope-1"}"#, token: .some(nil))
            #expect(wrong.status == 401)
            #expect(wrong.errorCode == "AUTH_TOKEN_INVALID")

            let rotated = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#, token: .some(nil))
            #expect(rotated.status == 200)
            let newRefresh = try #require(rotated.data?["refreshToken"]?.stringValue)
            let replay = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#, token: .some(nil))
            #expect(replay.status == 401)
            #expect(replay.errorCode == "AUTH_REFRESH_INVALID")
            // The replay revoked the session: the rotated token is dead too, and after one poll of
            // the revocation feed so is every access token of the session.
            let afterReplay = try await h.call("POST", "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(newRefresh)"}"#, token: .some(nil))
            #expect(afterReplay.errorCode == "AUTH_REFRESH_INVALID")
            _ = try await h.follower.poll()
            let refused = try await h.call("GET", "/api/v1/products", token: access)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_SESSION_EXPIRED")

            let again = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                         token: .some(nil))
            let second = try #require(again.data?["refreshToken"]?.stringValue)
            let logout = try await h.call("POST", "/api/v1/auth/logout", json: #"{"refreshToken":"\#(second)","allDevices":true}"#, token: .some(nil))
            #expect(logout.status == 200)
            #expect(logout.data?["sessionsEnded"] == .number("1"))
        }
    }
}

/// Administration and API keys through the gateway with the real Identity (003 §13, §2.2).
@Suite struct AdminEndToEndTests {
    func adminToken(_ h: GatewayHarness) async throws -> String {
        let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                     token: .some(nil))
        return try #require(login.data?["accessToken"]?.stringValue)
    }

    @Test func anApiKeyCallsTheCatalog_andARevokedOneIsRefused() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let admin = try await adminToken(h)
            let created = try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"erp sync","scopes":["products:read"]}"#, token: admin)
            #expect(created.status == 201)
            let key = try #require(created.data?["key"]?.stringValue)
            #expect(key.hasPrefix("sk_live_"))
            let read = try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", key)])
            #expect(read.status == 200)
            let write = try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("K-9"), token: .some(nil), headers: [("X-API-Key", key)])
            #expect(write.status == 403, "the key's scopes are all it may do")

            let listed = try await h.call("GET", "/api/v1/auth/api-keys", token: admin)
            #expect(listed.status == 200)
            #expect(!listed.text.contains(key), "the list never shows a key's text")

            let second = try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"old","scopes":["products:read"]}"#, token: admin)
            let secondKey = try #require(second.data?["key"]?.stringValue)
            let secondID = try #require(second.data?["id"]?.stringValue)
            #expect(try await h.call("DELETE", "/api/v1/auth/api-keys/\(secondID)", token: admin).status == 204)
            let refused = try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", secondKey)])
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_TOKEN_INVALID")
            let forged = try await h.call("GET", "/api/v1/products", token: .some(nil), headers: [("X-API-Key", "sk_live_forged")])
            #expect(forged.status == 401)

            let viewer = h.token(roles: ["viewer"])
            #expect(try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"x","scopes":["products:read"]}"#, token: viewer).status == 403)
        }
    }

    @Test func configAndUsers_throughTheGateway() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let admin = try await adminToken(h)
            let config = try await h.call("GET", "/api/v1/admin/config", token: admin)
            #expect(config.status == 200)
            #expect(config.data?["tenant"]?["name"] == .string("Gateway Test SRL"))
            #expect(config.data?["regional"]?["currency"] == .string("RON"))
            let update = try await h.call("PUT", "/api/v1/admin/config", json: ##"{"branding":{"primaryColor":"#112233","companyName":"GT"}}"##, token: admin)
            #expect(update.status == 200)
            #expect(try await h.call("GET", "/api/v1/admin/config", token: admin).data?["branding"]?["primaryColor"] == .string("#112233"))
            let badColor = try await h.call("PUT", "/api/v1/admin/config", json: #"{"branding":{"primaryColor":"blue"}}"#, token: admin)
            #expect(badColor.status == 422)

            let created = try await h.call("POST", "/api/v1/admin/users",
                                           json: #"{"email":"rep.\#(h.tenant.prefix(8))@example.com","firstName":"Ion","lastName":"Rep","role":"sales_rep","tempPassword":"Temp-pass-123"}"#,
                                           token: admin)
            #expect(created.status == 201)
            let user = try #require(created.data?["id"]?.stringValue)
            let users = try await h.call("GET", "/api/v1/admin/users?role=sales_rep", token: admin)
            #expect(users.status == 200)
            #expect(users.data?["users"]?.arrayValue?.count == 1)
            #expect(users.data?["pagination"]?["limit"] == .number("25"))
            let suspended = try await h.call("PUT", "/api/v1/admin/users/\(user)", json: #"{"status":"suspended"}"#, token: admin)
            #expect(suspended.status == 200)
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"rep.\#(h.tenant.prefix(8))@example.com","password":"Temp-pass-123"}"#,
                                         token: .some(nil))
            #expect(login.status == 401, "a suspended user cannot log in")
            let deleted = try await h.call("DELETE", "/api/v1/admin/users/\(user)?hardDelete=true", token: admin)
            #expect(deleted.status == 200)
            #expect(deleted.data?["deleted"] == .bool(true))

            let rep = h.token(roles: ["sales_rep"])
            #expect(try await h.call("GET", "/api/v1/admin/users", token: rep).status == 403)
            let other = h.token(tenant: UUID().uuidString.lowercased())
            #expect(try await h.call("PUT", "/api/v1/admin/users/\(user)", json: #"{"status":"active"}"#, token: other).status == 404)
        }
    }
}

/// 003 §13.8 through the gateway: every upstream's check, for administrators only.
@Suite struct SystemHealthTests {
    @Test func administratorsSeeEveryServicesHealth() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let health = try await h.call("GET", "/api/v1/admin/health")
            #expect(health.status == 200)
            #expect(health.data?["status"] == .string("healthy"))
            let names = health.data?["services"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Set(names) == ["catalog", "identity"])
            #expect(health.data?["services"]?.arrayValue?.allSatisfy { $0["status"] == .string("up") } == true)
            #expect(health.data?["redis"]?["status"] == .string("not_used"))
            #expect(try await h.call("GET", "/api/v1/admin/health", token: h.token(roles: ["viewer"])).status == 403)
            #expect(try await h.call("GET", "/api/v1/admin/health", token: .some(nil)).status == 401)
            #expect(try await h.call("POST", "/api/v1/admin/health").status == 405)
        }
    }
}

/// 001's sign-up through the gateway with the real Identity.
@Suite struct SignUpEndToEndTests {
    @Test func signUpMakesATenant_andItsTokenWorks_butNeverTakesAnExistingEmail() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let email = "founder.\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let body = #"{"email":"\#(email)","password":"Founder-pass-1","first_name":"Maria","last_name":"Ionescu","role":"agent"}"#
            let signed = try await h.call("POST", "/api/auth/register", json: body, token: .some(nil))
            #expect(signed.status == 201)
            #expect(signed.json?["success"] == .bool(true))
            #expect(signed.json?["message"] == .string("User registered successfully"))
            #expect(signed.json?["user"]?["role"] == .string("admin"), "a new tenant's first user administers it")
            #expect(signed.json?["user"]?["first_name"] == .string("Maria"))
            let token = try #require(signed.json?["token"]?.stringValue)
            let products = try await h.call("GET", "/api/v1/products", token: token)
            #expect(products.status == 200)
            #expect(products.data == .array([]), "a new tenant starts empty")

            let again = try await h.call("POST", "/api/auth/register", json: body, token: .some(nil))
            #expect(again.status == 409)
            #expect(again.errorCode == "VAL_DUPLICATE")
            let existing = #"{"email":"\#(h.adminEmail)","password":"Hijack-pass-1","first_name":"Eve"}"#
            #expect(try await h.call("POST", "/api/auth/register", json: existing, token: .some(nil)).status == 409)
            let admin = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                         token: .some(nil))
            #expect(admin.status == 200, "the existing account's password is unchanged")
            let join = #"{"email":"x.\#(UUID().uuidString.prefix(6))@example.com","password":"Joiner-pass-1","first_name":"X","tenant_id":"\#(h.tenant)"}"#
            #expect(try await h.call("POST", "/api/auth/register", json: join, token: .some(nil)).status == 403)

            let login = try await h.call("POST", "/api/auth/login", json: #"{"email":"\#(email)","password":"Founder-pass-1"}"#, token: .some(nil))
            #expect(login.status == 200)
            #expect(login.json?["token"]?.stringValue != nil)
        }
    }
}

/// Issue 5's path: log in, make an API key, change the catalog with it, find the change in
/// the audit log with who and from where, log out (003 §2.5, §2.2, §13.7).
@Suite struct AuditEndToEndTests {
    @Test func changesThroughTheGateway_appearInTheAuditLog_withWhoAndFromWhere() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                         token: .some(nil), headers: [("User-Agent", "audit-e2e/1.0")])
            let admin = try #require(login.data?["accessToken"]?.stringValue)
            let refresh = try #require(login.data?["refreshToken"]?.stringValue)

            let created = try await h.call("POST", "/api/v1/products", json: ProductsRoutesTests.product("AUD-1"), token: admin,
                                           headers: [("User-Agent", "audit-e2e/1.0")])
            let productID = try #require(created.data?["id"]?.stringValue)
            let key = try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"sync","scopes":["products:read","products:write"]}"#, token: admin)
            let apiKey = try #require(key.data?["key"]?.stringValue)
            let patched = try await h.call("PATCH", "/api/v1/products/\(productID)", json: #"{"price":120}"#, token: .some(nil),
                                           headers: [("X-API-Key", apiKey)])
            #expect(patched.status == 200)

            // The catalog's records reach Identity through its outbox relay.
            #expect(try await h.relayAudit() == 2)
            #expect(try await h.relayAudit() == 0, "a repeated relay stores nothing twice")

            let log = try await h.call("GET", "/api/v1/admin/audit?entityType=product&entityId=\(productID)", token: admin)
            #expect(log.status == 200)
            let entries = log.data?["entries"]?.arrayValue ?? []
            #expect(entries.compactMap { $0["action"]?.stringValue } == ["product.updated", "product.created"], "newest first")
            let creation = try #require(entries.last)
            #expect(creation["user"]?["email"] == .string(h.adminEmail))
            #expect(creation["metadata"]?["ipAddress"] == .string("127.0.0.1"))
            #expect(creation["metadata"]?["userAgent"] == .string("audit-e2e/1.0"))
            #expect(creation["metadata"]?["sessionId"]?.stringValue?.isEmpty == false)
            let update = try #require(entries.first)
            #expect(update["changes"]?.arrayValue?.first?["field"] == .string("price"))

            // Identity's own changes are in the same log, written with the change itself.
            let keys = try await h.call("GET", "/api/v1/admin/audit?action=api_key.created", token: admin)
            #expect(keys.data?["entries"]?.arrayValue?.count == 1)
            #expect(try await h.call("GET", "/api/v1/admin/audit", token: h.token(roles: ["sales_manager"])).status == 403)

            let out = try await h.call("POST", "/api/v1/auth/logout", json: #"{"refreshToken":"\#(refresh)"}"#, token: .some(nil))
            #expect(out.status == 200)
            _ = try await h.follower.poll()
            #expect(try await h.call("GET", "/api/v1/products", token: admin).status == 401)
        }
    }
}

/// Object-level authorization (OWASP API1): a user of another tenant presenting this tenant's
/// ids on every route that takes one gets 404, and this tenant's data is unchanged.
@Suite struct CrossTenantIdentityTests {
    @Test func anotherTenantsIdsAreNotFound_onEveryAdminRoute() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let admin = try #require(try await h.call("POST", "/api/v1/auth/login",
                                                      json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                                      token: .some(nil)).data?["accessToken"]?.stringValue)
            let user = try #require(try await h.call("POST", "/api/v1/admin/users",
                                                     json: #"{"email":"x.\#(h.tenant.prefix(8))@example.com","firstName":"X","lastName":"Y","role":"viewer","tempPassword":"Temp-pass-123"}"#,
                                                     token: admin).data?["id"]?.stringValue)
            let key = try #require(try await h.call("POST", "/api/v1/auth/api-keys", json: #"{"name":"k","scopes":["products:read"]}"#,
                                                    token: admin).data?["id"]?.stringValue)
            let other = h.token(tenant: UUID().uuidString.lowercased())
            for (method, path, body) in [("PUT", "/api/v1/admin/users/\(user)", #"{"status":"suspended"}"#),
                                         ("DELETE", "/api/v1/admin/users/\(user)?hardDelete=true", nil),
                                         ("DELETE", "/api/v1/auth/api-keys/\(key)", nil)] as [(String, String, String?)] {
                let reply = try await h.call(method, path, json: body, token: other)
                #expect(reply.status == 404, "\(method) \(path)")
            }
            let otherUsers = try await h.call("GET", "/api/v1/admin/users", token: other)
            #expect(otherUsers.data?["users"]?.arrayValue?.contains { $0["id"] == .string(user) } == false)
            let otherKeys = try await h.call("GET", "/api/v1/auth/api-keys", token: other)
            #expect(otherKeys.data?.arrayValue?.contains { $0["id"] == .string(key) } == false)
            let otherAudit = try await h.call("GET", "/api/v1/admin/audit?entityId=\(user)", token: other)
            #expect(otherAudit.data?["entries"] == .array([]))
            // Still there, unchanged, for its own tenant.
            let mine = try await h.call("GET", "/api/v1/admin/users", token: admin)
            #expect(mine.data?["users"]?.arrayValue?.first { $0["id"] == .string(user) }?["status"] == .string("active"))
        }
    }
}

/// A suspended user's tokens stop working at the gateway within a poll of the revocation
/// feed, and logins and logouts are in the audit log.
@Suite struct SuspensionEndToEndTests {
    @Test func suspendingAUser_stopsTheirTokens_andSignInsAreAudited() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let admin = try #require(try await h.call("POST", "/api/v1/auth/login",
                                                      json: #"{"email":"\#(h.adminEmail)","password":"\#(GatewayHarness.adminPassword)"}"#,
                                                      token: .some(nil)).data?["accessToken"]?.stringValue)
            let email = "rep.\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let user = try #require(try await h.call("POST", "/api/v1/admin/users",
                                                     json: #"{"email":"\#(email)","firstName":"R","lastName":"P","role":"sales_rep","tempPassword":"Temp-pass-123"}"#,
                                                     token: admin).data?["id"]?.stringValue)
            let rep = try #require(try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"Temp-pass-123"}"#,
                                                    token: .some(nil), headers: [("User-Agent", "rep-phone")]).data?["accessToken"]?.stringValue)
            #expect(try await h.call("GET", "/api/v1/products", token: rep).status == 200)
            #expect(try await h.call("PUT", "/api/v1/admin/users/\(user)", json: #"{"status":"suspended"}"#, token: admin).status == 200)
            _ = try await h.follower.poll()
            let refused = try await h.call("GET", "/api/v1/products", token: rep)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "AUTH_SESSION_EXPIRED")

            let audit = try await h.call("GET", "/api/v1/admin/audit?userId=\(user)&action=session.created", token: admin)
            let entry = try #require(audit.data?["entries"]?.arrayValue?.first)
            #expect(entry["user"]?["email"] == .string(email))
            #expect(entry["metadata"]?["userAgent"] == .string("rep-phone"))
            #expect(entry["metadata"]?["ipAddress"] == .string("127.0.0.1"))
            let suspension = try await h.call("GET", "/api/v1/admin/audit?entityId=\(user)&action=user.suspended", token: admin)
            #expect(suspension.data?["entries"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["newValue"] == .string(#""suspended""#))
        }
    }
}
