import CommonAPI
import Foundation
import Postgres
import RPCCore

// Identity's own changes (users, settings, API keys, sessions) go straight into its audit log,
// in the transaction that makes them: the log lives in the same database, so no outbox is
// needed for "an acknowledged change is never missing from the log".
extension IdentityStore {
    /// Records one change made by the call `context` (who and from where, as AuditTrail reads
    /// them for other services) in `tx`, bound to `tenant`. `actor` names who acted on a
    /// public call, which has no principal (an invited user accepting their invite).
    func recordChange(_ tx: PGTransaction, tenant: UUID, context: CallContext?, action: String, entityType: String, entityId: String,
                      description: String, changes: [AuditEventRow.Change] = [], actor: PublicActor? = nil) async throws {
        let metadata = context?.metadata ?? Metadata()
        let principal = metadata.principal.flatMap { try? Principal(decoding: $0) }
            ?? actor.map { Principal(tenantId: tenant.uuidString.lowercased(), userId: $0.user.uuidString.lowercased(), email: $0.email,
                                     sessionId: $0.session?.uuidString.lowercased() ?? "") }
        let userId = principal?.userId ?? ""
        let row = AuditEventRow(
            id: "identity:" + UUID().uuidString.lowercased(), userId: userId, userRef: UUID(uuidString: userId).map { $0.uuidString.lowercased() },
            userEmail: principal?.email ?? "", action: action, description: description, entityType: entityType, entityId: entityId,
            changes: changes, ipAddress: metadata[Metadata.Key.clientAddress] ?? actor?.ipAddress ?? "",
            userAgent: metadata[Metadata.Key.userAgent] ?? actor?.userAgent ?? "",
            sessionId: principal?.sessionId ?? "", apiKeyId: principal?.apiKeyId ?? "", requestId: metadata.requestID ?? "",
            occurredMicros: Int64(Date().timeIntervalSince1970 * 1_000_000))
        _ = try await recordAudit([row], tenant: tenant, in: tx)
    }
}

/// Who acted on a public call: the gateway sends no principal or client metadata there, only
/// the server-set body fields (the client's address and agent).
struct PublicActor: Sendable {
    var user: UUID
    var email: String
    var ipAddress: String
    var userAgent: String
    /// The session the call opened or ended, when it concerns one.
    var session: UUID? = nil
}
