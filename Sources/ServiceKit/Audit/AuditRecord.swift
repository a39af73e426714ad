import Foundation

/// One change for the audit log (003 §13.7), as the service that made it records it: written
/// to the service's outbox in the same transaction as the change (`AuditTrail`), so the log
/// can never miss a change a client was told about; relayed to Identity afterwards.
public struct AuditRecord: Codable, Sendable, Hashable {
    /// One field the change set: values as JSON text, as the seed's `oldValue`/`newValue: any`.
    public struct Change: Codable, Sendable, Hashable {
        public var field: String
        public var oldValue: String
        public var newValue: String
        public init(field: String, oldValue: String, newValue: String) {
            self.field = field
            self.oldValue = oldValue
            self.newValue = newValue
        }
    }

    /// What happened, `<entity>.<verb>` (`product.created`).
    public var action: String
    /// A sentence for people.
    public var description: String
    public var entityType: String
    public var entityId: String
    public var changes: [Change]
    /// Who and from where: from the call's principal and the gateway's metadata.
    public var userId: String
    public var userEmail: String
    public var sessionId: String
    public var apiKeyId: String
    public var ipAddress: String
    public var userAgent: String
    public var requestId: String
    /// When the change was made (the transaction's time).
    public var timestamp: Date

    public init(action: String, description: String, entityType: String, entityId: String, changes: [Change] = [],
                userId: String = "", userEmail: String = "", sessionId: String = "", apiKeyId: String = "",
                ipAddress: String = "", userAgent: String = "", requestId: String = "", timestamp: Date = Date()) {
        self.action = action
        self.description = description
        self.entityType = entityType
        self.entityId = entityId
        self.changes = changes
        self.userId = userId
        self.userEmail = userEmail
        self.sessionId = sessionId
        self.apiKeyId = apiKeyId
        self.ipAddress = ipAddress
        self.userAgent = userAgent
        self.requestId = requestId
        self.timestamp = timestamp
    }
}
