import Foundation
import Postgres

/// One unit of work in a service's job queue (DESIGN D6): a kind naming its handler, the
/// tenant it acts for, a JSON payload, and where it is in its life.
public struct Job: Sendable, Hashable {
    /// Where a job is.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waiting for `runAt`, or for a worker.
        case queued
        /// Claimed by a worker, which holds it until its lease runs out.
        case running
        /// Finished successfully.
        case done
        /// Failed `maxAttempts` times (or permanently); kept for people to look at and retry.
        case dead
    }

    /// The job's id.
    public var id: UUID
    /// The tenant the job acts for (lower-case UUID text); nil for a platform job.
    public var tenant: String?
    /// What to do: the key of the handler that runs it, e.g. `catalog.product-import`.
    public var kind: String
    /// The handler's input, as JSON text.
    public var payload: String
    /// Where it is.
    public var status: Status
    /// Runs started so far, this one included while it runs.
    public var attempts: Int
    /// Runs allowed before it is dead.
    public var maxAttempts: Int
    /// When it may run (next).
    public var runAt: Date
    /// Why the last run failed, if one did.
    public var lastError: String?
    /// When it was enqueued.
    public var createdAt: Date

    /// The payload decoded from JSON.
    public func payload<Value: Decodable>(as type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(payload.utf8))
    }

    /// The columns every query that returns jobs selects, in the order `init(row:)` reads.
    static let columns: PGQuery = """
        id, tenant_id::text AS tenant, kind, payload::text AS payload, status, attempts, max_attempts,
        run_at, last_error, created_at
        """

    init(row: PGRow) throws {
        id = try row.decode(UUID.self, column: "id")
        tenant = try row.decode(String?.self, column: "tenant")
        kind = try row.decode(String.self, column: "kind")
        payload = try row.decode(String.self, column: "payload")
        let statusText = try row.decode(String.self, column: "status")
        guard let status = Status(rawValue: statusText) else {
            throw PGError(.decodingFailed, message: "unknown job status", column: "status")
        }
        self.status = status
        attempts = try row.decode(Int.self, column: "attempts")
        maxAttempts = try row.decode(Int.self, column: "max_attempts")
        runAt = try row.decode(Date.self, column: "run_at")
        lastError = try row.decode(String?.self, column: "last_error")
        createdAt = try row.decode(Date.self, column: "created_at")
    }
}

/// Thrown by a handler for a failure that no retry can fix (a payload that names nothing):
/// the job goes straight to `dead`.
public struct PermanentJobFailure: Error, Sendable, CustomStringConvertible {
    /// Why, for the dead-letter list.
    public var reason: String

    /// A permanent failure saying `reason`.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
