import Foundation
import Postgres
import RPCCore
import ServiceKit

// API keys (003 §2.2): stored by digest, listed without secrets, verified for the gateway.
extension IdentityStore {
    static let apiKeyColumns: PGQuery = """
        SELECT id, tenant_id, name, prefix, scopes, rate_limit, expires_at, last_used_at, created_at, revoked_at FROM api_keys
        """

    /// Stores a new key by its digest; returns its id and when it was created.
    func insertApiKey(tenant: UUID, name: String, prefix: String, hint: String, digest: [UInt8], scopes: [String],
                      rateLimit: Int, createdBy: String, expiresAt: Date?, in tx: PGTransaction) async throws -> (id: UUID, createdAt: Date) {
        let rows = try await tx.query("""
            INSERT INTO api_keys (tenant_id, name, prefix, hint, digest, scopes, rate_limit, created_by, expires_at)
            VALUES (\(tenant), \(name), \(prefix), \(hint), \(digest), \(scopes), \(rateLimit), \(createdBy), \(expiresAt))
            RETURNING id, created_at
            """)
        return (try rows[0].decode(UUID.self, column: "id"), try rows[0].decode(Date.self, column: "created_at"))
    }

    /// The tenant's keys (the transaction's tenant, by row-level security), newest first.
    func apiKeys(in tx: PGTransaction) async throws -> [ApiKeyRecord] {
        try await tx.query("\(fragment: Self.apiKeyColumns) ORDER BY created_at DESC, id DESC").map(Self.apiKey(from:))
    }

    /// The key with this id and digest, if the transaction's tenant has it.
    func apiKey(_ id: UUID, digest: [UInt8], in tx: PGTransaction) async throws -> ApiKeyRecord? {
        try await tx.query("\(fragment: Self.apiKeyColumns) WHERE id = \(id) AND digest = \(digest)").first.map(Self.apiKey(from:))
    }

    /// Revokes a key; revoking it again keeps the first time. False when the tenant has no such key.
    /// Revokes the key, keeping the first revocation's time. nil for no such key; otherwise
    /// whether this call revoked it (`revoked_at` is this transaction's `now()` only then).
    func revokeApiKey(_ id: UUID, in tx: PGTransaction) async throws -> Bool? {
        let rows = try await tx.query("""
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id)
            RETURNING revoked_at = now() AS revoked_now
            """)
        return try rows.first?.decode(Bool.self, column: "revoked_now")
    }

    /// Records a use of the key, unless one was recorded in the last minute: the gateway may
    /// verify a busy key several times a minute, and a write each time would buy nothing.
    func recordApiKeyUse(_ id: UUID, in tx: PGTransaction) async throws {
        try await tx.query("""
            UPDATE api_keys SET last_used_at = now()
            WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            """)
    }

    /// The tenant and id of the key with this digest, across tenants (the caller has not
    /// said whose key it is; `api_key_by_digest` returns ids only).
    func apiKey(byDigest digest: [UInt8]) async throws -> (tenant: UUID, key: UUID)? {
        try await withDatabaseErrors {
            let rows = try await pool.query("SELECT tenant_id, key_id FROM api_key_by_digest(\(digest))", deadline: CallContext.current?.deadline)
            guard let row = rows.first else { return nil }
            return (try row.decode(UUID.self, column: "tenant_id"), try row.decode(UUID.self, column: "key_id"))
        }
    }

    private static func apiKey(from row: PGRow) throws -> ApiKeyRecord {
        ApiKeyRecord(
            id: try row.decode(UUID.self, column: "id"), tenantID: try row.decode(UUID.self, column: "tenant_id"),
            name: try row.decode(String.self, column: "name"), prefix: try row.decode(String.self, column: "prefix"),
            scopes: try row.decode([String].self, column: "scopes"), rateLimit: try row.decode(Int.self, column: "rate_limit"),
            expiresAt: try row.decode(Date?.self, column: "expires_at"), lastUsedAt: try row.decode(Date?.self, column: "last_used_at"),
            createdAt: try row.decode(Date.self, column: "created_at"), revokedAt: try row.decode(Date?.self, column: "revoked_at"))
    }
}
