import CommonAPI
import Foundation
import IdentityAPI
import ServiceKit

/// One relayed `AuditEvent`, checked and shaped as a row of `audit_log`. It travels to
/// PostgreSQL inside a JSON array (`jsonb_to_recordset`), so a whole batch is one statement;
/// hence the snake_case keys, which are the record set's column names.
struct AuditEventRow: Codable, Sendable, Hashable {
    /// 003 §13.7 `changes[]`, as stored in the `changes` column.
    struct Change: Codable, Sendable, Hashable {
        var field: String
        var oldValue: String
        var newValue: String
    }

    var id: String
    var userId: String
    /// `userId` when it is a UUID: the key to the users table (name, erasure).
    var userRef: String?
    var userEmail: String
    var action: String
    var description: String
    var entityType: String
    var entityId: String
    var changes: [Change]
    var ipAddress: String
    var userAgent: String
    var sessionId: String
    var apiKeyId: String
    var requestId: String
    /// Microseconds since 1970, PostgreSQL's resolution; nil when the event has no time.
    var occurredMicros: Int64?

    enum CodingKeys: String, CodingKey {
        case id, action, description, changes
        case userId = "user_id", userRef = "user_ref", userEmail = "user_email", entityType = "entity_type", entityId = "entity_id"
        case ipAddress = "ip_address", userAgent = "user_agent", sessionId = "session_id", apiKeyId = "api_key_id"
        case requestId = "request_id", occurredMicros = "occurred_us"
    }

    /// The longest `id` and `action` the table accepts (its CHECK constraints).
    static let maxIdLength = 200
    static let maxActionLength = 100

    /// The event's tenant and row, or the violations of event number `index`.
    static func make(_ event: AuditEvent, index: Int) -> Result<(tenant: UUID, row: AuditEventRow), SeedError> {
        let path = "events[\(index)]"
        var violations: [SeedError.Violation] = []
        func require(_ value: String, _ field: String, max: Int) {
            if value.isEmpty {
                violations.append(.init(field: "\(path).\(field)", code: "VAL_REQUIRED_FIELD", message: "\(field) is required"))
            } else if value.count > max {
                violations.append(.init(field: "\(path).\(field)", code: "VAL_OUT_OF_RANGE", message: "\(field) must be at most \(max) characters"))
            }
        }
        require(event.id, "id", max: maxIdLength)
        require(event.action, "action", max: maxActionLength)
        let tenant = UUID(uuidString: event.tenantId)
        if tenant == nil {
            let code = event.tenantId.isEmpty ? "VAL_REQUIRED_FIELD" : "VAL_INVALID_FORMAT"
            violations.append(.init(field: "\(path).tenantId", code: code, message: "tenantId must be a tenant's UUID"))
        }
        guard let tenant, violations.isEmpty else { return .failure(.validation(violations)) }
        // Principals carry lower-case ids; normalising here lets the userId filter and erasure
        // match whatever case a service sent.
        let userRef = UUID(uuidString: event.userId)?.uuidString.lowercased()
        let row = AuditEventRow(
            id: event.id, userId: userRef ?? event.userId, userRef: userRef, userEmail: event.userEmail, action: event.action,
            description: event.description, entityType: event.entityType, entityId: event.entityId,
            changes: event.changes.map { Change(field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue) },
            ipAddress: event.ipAddress, userAgent: event.userAgent, sessionId: event.sessionId, apiKeyId: event.apiKeyId,
            requestId: event.requestId, occurredMicros: event.timestamp.map(Self.micros))
        return .success((tenant, row))
    }

    /// A wire time in microseconds since 1970 (sub-microsecond digits dropped, as PostgreSQL would).
    static func micros(_ time: Timestamp) -> Int64 {
        time.seconds * 1_000_000 + Int64(time.nanos / 1000)
    }

    /// The wire time of `micros` microseconds since 1970.
    static func timestamp(micros: Int64) -> Timestamp {
        let (seconds, rest) = (micros.quotientAndRemainder(dividingBy: 1_000_000))
        // Before 1970 the remainder is negative; the wire's nanos never are.
        return rest < 0 ? Timestamp(seconds: seconds - 1, nanos: Int32((rest + 1_000_000) * 1000))
            : Timestamp(seconds: seconds, nanos: Int32(rest * 1000))
    }
}
