import Foundation
import Postgres
import RPCCore
import ServiceKit

/// Where Identity keeps its data: one pool connected as `identity_app`. Statements about a
/// tenant's users and sessions run in transactions bound to that tenant (DESIGN D5); the two
/// lookups that must come first (email at login, refresh token) go through the schema's
/// SECURITY DEFINER functions and return ids only (IdentitySchema).
public final class IdentityStore: Sendable {
    public let pool: PGPool

    public init(pool: PGPool) {
        self.pool = pool
    }

    /// Runs `body` in a transaction bound to `tenant`, under the call's deadline.
    func transaction<Result>(tenant: UUID, _ body: (PGTransaction) async throws -> Result) async throws -> Result {
        try await withDatabaseErrors {
            try await pool.withTransaction(tenant: tenant, deadline: CallContext.current?.deadline, body)
        }
    }

    /// Readiness: the database answers.
    public func isReady() async -> Bool {
        (try? await pool.query("SELECT 1", deadline: Deadline.after(.seconds(2)))) != nil
    }

    /// The tenant and id of the user with this email, whatever its case.
    func user(byEmail email: String) async throws -> (tenant: UUID, user: UUID)? {
        try await withDatabaseErrors {
            let rows = try await pool.query("SELECT tenant_id, user_id FROM user_by_email(\(email))", deadline: CallContext.current?.deadline)
            guard let row = rows.first else { return nil }
            return (try row.decode(UUID.self, column: "tenant_id"), try row.decode(UUID.self, column: "user_id"))
        }
    }

    /// The tenant of a refresh token, by the digest of its text.
    func tenant(ofRefreshToken digest: [UInt8]) async throws -> UUID? {
        try await withDatabaseErrors {
            let rows = try await pool.query("SELECT refresh_token_tenant(\(digest)) AS tenant_id", deadline: CallContext.current?.deadline)
            return try rows.first?.decode(UUID?.self, column: "tenant_id")
        }
    }
}
