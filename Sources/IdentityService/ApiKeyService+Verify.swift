import CommonAPI
import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// X-API-Key (003 §2.2), for the gateway: which tenant a key acts for, with which scopes.
extension ApiKeyService {
    static let invalidKey = SeedError("AUTH_TOKEN_INVALID", "Invalid API key")

    /// Called with no tenant: the key says whose it is. Unknown, revoked and expired keys get
    /// one answer, so a caller learns nothing about which keys exist.
    ///
    /// Timing: the key is found by the SHA-256 of the presented text, through a unique index,
    /// so the comparisons whose duration an attacker could measure are between digests, never
    /// between key texts. A digest cannot be steered a byte at a time toward a stored one (one
    /// changed character changes all of it), and even a stored digest learned whole would
    /// need a SHA-256 preimage to become a key: no constant-time comparison is needed here.
    public func verifyApiKey(_ request: VerifyApiKeyRequest, context: CallContext) async throws -> VerifiedApiKey {
        let presented = request.key
        // Not one of ours: refused without a lookup (header junk should cost no query).
        guard presented.utf8.count <= ApiKeyRules.maximumKeyLength,
              ApiKeyRules.prefixes.values.contains(where: { presented.hasPrefix($0) }) else { throw Self.invalidKey }
        let digest = OpaqueToken.digest(presented)
        guard let found = try await store.apiKey(byDigest: digest) else { throw Self.invalidKey }
        let checkedAt = now()
        let usable: (key: ApiKeyRecord, plan: String)? = try await store.transaction(tenant: found.tenant) { tx in
            guard let key = try await store.apiKey(found.key, digest: digest, in: tx), key.isUsable(at: checkedAt) else { return nil }
            try await store.recordApiKeyUse(key.id, in: tx)
            return (key, try await store.tenantPlan(found.tenant, in: tx) ?? "")
        }
        guard let (key, plan) = usable else { throw Self.invalidKey }
        // The gateway may reuse this answer briefly, but never past the key's expiry.
        var cacheUntil = checkedAt.addingTimeInterval(ApiKeyRules.cacheLifetime)
        if let expiresAt = key.expiresAt { cacheUntil = min(cacheUntil, expiresAt) }
        return VerifiedApiKey(id: key.id.uuidString.lowercased(), tenantId: key.tenantID.uuidString.lowercased(), scopes: key.scopes,
                              rateLimit: UInt32(key.rateLimit), cacheUntil: Timestamp(cacheUntil), plan: plan)
    }
}
