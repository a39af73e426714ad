import CommonAPI
import Foundation
import GatewayAuth
import IdentityAPI
import RPCCore
import ServiceKit

/// `cerniq.identity.v1.ApiKeyService`: API keys for service-to-service clients (003 §2.2).
/// A tenant's users create, list and revoke them (the tenant and user come from the call's
/// metadata, set by the gateway); the gateway verifies a presented key and caches the answer
/// for a few seconds. Creating is in `ApiKeyService+Create.swift`, verifying in `+Verify`.
public struct ApiKeyService: ApiKeyServiceHandler {
    let store: IdentityStore
    let log: Logger
    let now: @Sendable () -> Date

    public init(store: IdentityStore, log: Logger = Logger(component: "identity"), now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.log = log
        self.now = now
    }

    public func listApiKeys(_ request: ListApiKeysRequest, context: CallContext) async throws -> ListApiKeysResponse {
        let tenant = try Self.tenant(of: context)
        let keys = try await store.transaction(tenant: tenant) { tx in try await store.apiKeys(in: tx) }
        return ListApiKeysResponse(data: keys.map(Self.wire))
    }

    /// Idempotent: revoking a revoked key succeeds and keeps the first revocation's time.
    /// Another tenant's key is as unknown as one that never existed.
    public func revokeApiKey(_ request: RevokeApiKeyRequest, context: CallContext) async throws -> RevokeApiKeyResponse {
        let tenant = try Self.tenant(of: context)
        guard !request.id.isEmpty else { throw SeedError("VAL_REQUIRED_FIELD", "id is required", field: "id") }
        // An id that is not a UUID names no key: the same answer as an unknown one.
        guard let id = UUID(uuidString: request.id) else { throw SeedError.notFound("API key") }
        let found = try await store.transaction(tenant: tenant) { tx in
            guard let revokedNow = try await store.revokeApiKey(id, in: tx) else { return false }
            // A repeated revoke changes nothing, so it records nothing.
            if revokedNow {
                try await store.recordChange(tx, tenant: tenant, context: context, action: "api_key.revoked", entityType: "api_key",
                                             entityId: id.uuidString.lowercased(), description: "Revoked an API key")
            }
            return true
        }
        guard found else { throw SeedError.notFound("API key") }
        log.info("api key revoked", ["apiKey": id.uuidString.lowercased()])
        return RevokeApiKeyResponse()
    }

    /// The tenant the call acts for (AUTH_TENANT_REQUIRED without one).
    static func tenant(of context: CallContext) throws(SeedError) -> UUID {
        let text = try TenantContext.tenant(of: context)
        guard let id = UUID(uuidString: text) else { throw SeedError("AUTH_TENANT_REQUIRED", "the call names no tenant") }
        return id
    }

    /// 003 §2.2 `APIKey`, without the secret.
    static func wire(_ key: ApiKeyRecord) -> ApiKey {
        ApiKey(id: key.id.uuidString.lowercased(), tenantId: key.tenantID.uuidString.lowercased(), name: key.name, prefix: key.prefix,
               scopes: key.scopes, rateLimit: UInt32(key.rateLimit), expiresAt: key.expiresAt.map { Timestamp($0) },
               lastUsedAt: key.lastUsedAt.map { Timestamp($0) }, createdAt: Timestamp(key.createdAt),
               revokedAt: key.revokedAt.map { Timestamp($0) })
    }
}
