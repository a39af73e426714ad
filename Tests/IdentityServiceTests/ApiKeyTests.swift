import CommonAPI
import Credentials
import Foundation
import IdentityAPI
import Postgres
import RPCCore
import ServiceKit
import Testing

/// API keys (003 §2.2, §2.5): created for the caller's tenant with scopes they hold, stored
/// by digest only, listed without secrets, revoked, and verified for the gateway.
@Suite struct ApiKeyTests {
    static func request(_ scopes: [String] = ["products:read"], environment: String = "", expiresAt: Date? = nil,
                        rateLimit: UInt32 = 0) -> CreateApiKeyRequest {
        CreateApiKeyRequest(name: "ERP sync", scopes: scopes, expiresAt: expiresAt.map { Timestamp($0) }, rateLimit: rateLimit,
                            environment: environment)
    }

    @Test func create_thenVerify_returnsTheTenantScopesAndAShortCache() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(["products:read", "negotiations:read"]), options: h.asUser())
            #expect(created.key.hasPrefix("sk_live_"))
            #expect(created.name == "ERP sync")
            #expect(created.scopes == ["products:read", "negotiations:read"])
            #expect(created.expiresAt == nil)
            // The gateway calls with no tenant: the key says whose it is.
            let verified = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
            #expect(verified.id == created.id)
            #expect(verified.tenantId == h.tenant.uuidString.lowercased())
            #expect(verified.scopes == ["products:read", "negotiations:read"])
            #expect(verified.rateLimit == 60, "0 asks for the default")
            let cache = try #require(verified.cacheUntil).date.timeIntervalSinceNow
            #expect(cache > 0 && cache <= 5.5)
        }
    }

    @Test func testEnvironment_getsTheTestPrefix_andAnUnknownOneIsRefused() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(environment: "test", rateLimit: 500), options: h.asUser())
            #expect(created.key.hasPrefix("sk_test_"))
            let listed = try await h.apiKeys.listApiKeys(ListApiKeysRequest(), options: h.asUser())
            #expect(listed.data.first?.prefix == "sk_test_")
            #expect(listed.data.first?.rateLimit == 500)
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(environment: "staging"), options: h.asUser()) }
                == "VAL_INVALID_ENUM")
        }
    }

    @Test func theDatabaseHoldsTheDigest_neverTheKey() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(), options: h.asUser())
            let secret = String(created.key.dropFirst("sk_live_".count))
            let id = try #require(UUID(uuidString: created.id))
            let rows = try await h.pool.withTransaction(tenant: h.tenant) { tx in
                try await tx.query("SELECT k::text AS everything, digest, hint FROM api_keys k WHERE id = \(id)")
            }
            let row = try #require(rows.first)
            let everything = try row.decode(String.self, column: "everything")
            #expect(!everything.contains(secret))
            #expect(!everything.contains(String(secret.prefix(8))))
            #expect(try row.decode([UInt8].self, column: "digest") == OpaqueToken.digest(created.key))
            #expect(try row.decode(String.self, column: "hint") == "sk_live_…" + String(created.key.suffix(4)))
        }
    }

    @Test func list_showsTheTenantsKeysNewestFirst_withoutSecrets() async throws {
        try await IdentityHarness.with { h in
            let first = try await h.apiKeys.createApiKey(Self.request(), options: h.asUser())
            let expiry = Date().addingTimeInterval(3600)
            let second = try await h.apiKeys.createApiKey(Self.request(["documents:read"], expiresAt: expiry), options: h.asUser())
            let listed = try await h.apiKeys.listApiKeys(ListApiKeysRequest(), options: h.asUser()).data
            #expect(listed.map(\.id) == [second.id, first.id])
            #expect(listed[0].scopes == ["documents:read"])
            #expect(abs((listed[0].expiresAt?.date.timeIntervalSince1970 ?? 0) - expiry.timeIntervalSince1970) < 0.001)
            #expect(listed[0].tenantId == h.tenant.uuidString.lowercased())
            #expect(listed[0].createdAt != nil)
            #expect(listed[0].revokedAt == nil)
            // No field of the listing carries any part of the secret beyond the prefix.
            let encoded = String(decoding: ListApiKeysResponse(data: listed).encoded(), as: UTF8.self)
            for key in [first.key, second.key] { #expect(!encoded.contains(String(key.dropFirst(8).prefix(8)))) }
        }
    }

    @Test func revoke_makesVerifyFail_andIsIdempotent() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(), options: h.asUser())
            _ = try await h.apiKeys.revokeApiKey(RevokeApiKeyRequest(id: created.id), options: h.asUser())
            _ = try await h.apiKeys.revokeApiKey(RevokeApiKeyRequest(id: created.id), options: h.asUser())
            #expect(await seedCode { _ = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key)) } == "AUTH_TOKEN_INVALID")
            let listed = try await h.apiKeys.listApiKeys(ListApiKeysRequest(), options: h.asUser()).data
            #expect(listed.first?.revokedAt != nil)
            #expect(await seedCode { _ = try await h.apiKeys.revokeApiKey(RevokeApiKeyRequest(id: UUID().uuidString), options: h.asUser()) }
                == "RES_NOT_FOUND")
            #expect(await seedCode { _ = try await h.apiKeys.revokeApiKey(RevokeApiKeyRequest(id: "not-a-key"), options: h.asUser()) }
                == "RES_NOT_FOUND")
        }
    }

    @Test func unknownAndMalformedKeys_areInvalid() async throws {
        try await IdentityHarness.with { h in
            for key in ["", "sk_live_" + String(repeating: "A", count: 43), "Bearer something", "sk_test_" + String(repeating: "x", count: 500)] {
                #expect(await seedCode { _ = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: key)) } == "AUTH_TOKEN_INVALID")
            }
        }
    }

    @Test func anExpiredKey_isRefused_andAPastExpiryCannotBeCreated() async throws {
        let clock = TestClock()
        try await IdentityHarness.with(now: clock.now) { h in
            let past = Date().addingTimeInterval(-60)
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(expiresAt: past), options: h.asUser()) }
                == "VAL_OUT_OF_RANGE")
            let created = try await h.apiKeys.createApiKey(Self.request(expiresAt: Date().addingTimeInterval(3600)), options: h.asUser())
            let before = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
            #expect(before.id == created.id)
            clock.advance(by: 3601)
            #expect(await seedCode { _ = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key)) } == "AUTH_TOKEN_INVALID")
        }
    }

    @Test func theCacheNeverOutlivesTheKey() async throws {
        try await IdentityHarness.with { h in
            let expiry = Date().addingTimeInterval(2)
            let created = try await h.apiKeys.createApiKey(Self.request(expiresAt: expiry), options: h.asUser())
            let verified = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
            #expect(try #require(verified.cacheUntil).date.timeIntervalSince1970 <= expiry.timeIntervalSince1970 + 0.001)
        }
    }

    @Test func scopesTheCallerLacks_areDenied() async throws {
        try await IdentityHarness.with { h in
            let rep = h.asUser(roles: ["sales_rep"])
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(["products:delete"]), options: rep) }
                == "AUTHZ_PERMISSION_DENIED")
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(["admin:users"]), options: h.asUser(roles: ["viewer"])) }
                == "AUTHZ_PERMISSION_DENIED")
            // What the role grants, and an explicit permission beyond it, may be given.
            let granted = try await h.apiKeys.createApiKey(Self.request(["products:read", "hitl:read"]),
                                                           options: h.asUser(roles: ["sales_rep"], permissions: ["hitl:read"]))
            #expect(granted.scopes == ["products:read", "hitl:read"])
            // No principal: nobody to hold scopes.
            var anonymous = CallOptions()
            anonymous.metadata.tenant = h.tenant.uuidString.lowercased()
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(), options: anonymous) } == "AUTHZ_PERMISSION_DENIED")
        }
    }

    @Test func invalidRequests_nameEveryField() async throws {
        try await IdentityHarness.with { h in
            let bad = CreateApiKeyRequest(name: String(repeating: "n", count: 101), scopes: ["products:fly"], rateLimit: 10_001)
            let error = await rpcDetails { _ = try await h.apiKeys.createApiKey(bad, options: h.asUser()) }
            #expect(error?.code == "VAL_MULTIPLE_ERRORS")
            #expect(Set(error?.violations.map(\.field) ?? []) == ["name", "scopes", "rateLimit"])
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(CreateApiKeyRequest(name: "x"), options: h.asUser()) }
                == "VAL_REQUIRED_FIELD")
            #expect(await seedCode { _ = try await h.apiKeys.listApiKeys(ListApiKeysRequest()) } == "AUTH_TENANT_REQUIRED")
        }
    }

    @Test func anotherTenant_cannotListOrRevokeTheKey() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(), options: h.asUser())
            let stranger = h.asUser(tenant: UUID())
            #expect(try await h.apiKeys.listApiKeys(ListApiKeysRequest(), options: stranger).data.isEmpty)
            #expect(await seedCode { _ = try await h.apiKeys.revokeApiKey(RevokeApiKeyRequest(id: created.id), options: stranger) }
                == "RES_NOT_FOUND")
            #expect(try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key)).id == created.id, "still works")
            // A principal of one tenant calling under another's tenant header is refused.
            var mixed = h.asUser()
            mixed.metadata.tenant = UUID().uuidString.lowercased()
            #expect(await seedCode { _ = try await h.apiKeys.createApiKey(Self.request(), options: mixed) } == "AUTHZ_TENANT_MISMATCH")
        }
    }

    @Test func verify_recordsLastUse_atMostOnceAMinute() async throws {
        try await IdentityHarness.with { h in
            let created = try await h.apiKeys.createApiKey(Self.request(), options: h.asUser())
            let id = try #require(UUID(uuidString: created.id))
            func lastUsed() async throws -> Date? {
                try await h.pool.withTransaction(tenant: h.tenant) { tx in
                    try await tx.query("SELECT last_used_at FROM api_keys WHERE id = \(id)")[0].decode(Date?.self, column: "last_used_at")
                }
            }
            #expect(try await lastUsed() == nil)
            _ = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
            let first = try #require(try await lastUsed())
            #expect(abs(first.timeIntervalSinceNow) < 60)
            _ = try await h.apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
            #expect(try await lastUsed() == first, "a second use within the minute writes nothing")
            let listed = try await h.apiKeys.listApiKeys(ListApiKeysRequest(), options: h.asUser()).data
            #expect(listed.first?.lastUsedAt != nil)
        }
    }
}
