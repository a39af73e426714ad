import CommonAPI
import Foundation
import Postgres
import RPCCore

/// How a service records a change for the audit log: inside the transaction that makes the
/// change, through its outbox (DESIGN D6). The record commits with the change or not at all,
/// and the outbox relays it to Identity at least once (Identity skips repeats by id:
/// `<service>:<outbox id>`).
///
/// ```swift
/// try await store.transaction(context) { tx in
///     let id = try await store.insertProduct(…, in: tx)
///     try await audit.record(tx, context, action: "product.created", entityType: "product", entityId: id, description: "Created product SKU-1")
/// }
/// ```
public struct AuditTrail: Sendable {
    /// The outbox topic audit records travel under.
    public static let topic = "audit"
    public let outbox: Outbox

    public init(outbox: Outbox) {
        self.outbox = outbox
    }

    /// Appends the record in `tx`, with who and from where taken from the call.
    public func record(_ tx: PGTransaction, _ context: CallContext?, action: String, entityType: String, entityId: String,
                       description: String, changes: [AuditRecord.Change] = []) async throws {
        var record = AuditRecord(action: action, description: description, entityType: entityType, entityId: entityId, changes: changes)
        if let context {
            let metadata = context.metadata
            if let bytes = metadata.principal, let principal = try? Principal(decoding: bytes) {
                record.userId = principal.userId
                record.userEmail = principal.email
                record.sessionId = principal.sessionId
                record.apiKeyId = principal.apiKeyId
            }
            record.ipAddress = metadata[Metadata.Key.clientAddress] ?? ""
            record.userAgent = metadata[Metadata.Key.userAgent] ?? ""
            record.requestId = metadata.requestID ?? ""
        }
        try await outbox.append(tx, topic: Self.topic, payload: record)
    }

    /// The records among relayed outbox events, each with its unique id (`<service>:<outbox id>`)
    /// and tenant; events of other topics are left out.
    public static func records(in events: [OutboxEvent], service: String) -> [(id: String, tenant: String, record: AuditRecord)] {
        let decoder = JSONDecoder()
        return events.compactMap { event in
            guard event.topic == topic, let tenant = event.tenant,
                  let record = try? decoder.decode(AuditRecord.self, from: Data(event.payload.utf8)) else { return nil }
            return ("\(service):\(event.id)", tenant, record)
        }
    }
}
