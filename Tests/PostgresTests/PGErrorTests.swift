import Postgres
import RPCCore
import Testing

/// The one mapping from database failures to the platform's outcome, and what an error says.
struct PGErrorTests {
    @Test(arguments: [
        ("23505", RPCError.Code.alreadyExists, "VAL_DUPLICATE"),
        ("23503", .failedPrecondition, "VAL_REFERENCE_INVALID"),
        ("23514", .invalidArgument, "VAL_OUT_OF_RANGE"),
        ("23502", .invalidArgument, "VAL_REQUIRED_FIELD"),
        ("57014", .deadlineExceeded, "SYS_DATABASE_ERROR"),
        ("40001", .aborted, "SYS_DATABASE_ERROR"),
        ("40P01", .aborted, "SYS_DATABASE_ERROR"),
        ("08006", .unavailable, "SYS_DATABASE_ERROR"),
        ("08001", .unavailable, "SYS_DATABASE_ERROR"),
        ("57P01", .unavailable, "SYS_DATABASE_ERROR"),
        ("57P02", .unavailable, "SYS_DATABASE_ERROR"),
        ("57P03", .unavailable, "SYS_DATABASE_ERROR"),
        ("42601", .internalError, "SYS_INTERNAL_ERROR"),
        ("42501", .internalError, "SYS_INTERNAL_ERROR"),
        ("22P02", .internalError, "SYS_INTERNAL_ERROR"),
    ])
    func sqlState_mapsToTheSpecifiedOutcome(sqlState: String, code: RPCError.Code, seedCode: String) {
        let outcome = PGError(.queryFailed, sqlState: sqlState).outcome
        #expect(outcome.code == code)
        #expect(outcome.seedCode == seedCode)
    }

    @Test(arguments: [
        (PGError.Code.connectionFailed, RPCError.Code.unavailable),
        (.connectionClosed, .unavailable),
        (.poolExhausted, .unavailable),
        (.poolClosed, .unavailable),
        (.timeout, .deadlineExceeded),
        (.cancelled, .cancelled),
        (.decodingFailed, .internalError),
        (.invalidParameter, .internalError),
    ])
    func clientSideCodes_mapToAnOutcomeToo(code: PGError.Code, rpc: RPCError.Code) {
        #expect(PGError(code).outcome.code == rpc)
    }

    @Test func uniqueViolation_namesTheKeyColumn_leavingOutTenantID() {
        let single = PGError(.queryFailed, sqlState: "23505", detail: "Key (email)=(a@b.ro) already exists.")
        #expect(single.outcome.field == "email")
        let composite = PGError(.queryFailed, sqlState: "23505", detail: "Key (tenant_id, sku)=(…, X-1) already exists.")
        #expect(composite.outcome.field == "sku")
        let wide = PGError(.queryFailed, sqlState: "23505", detail: "Key (a, b)=(1, 2) already exists.")
        #expect(wide.outcome.field == nil)
    }

    @Test func description_isGeneric_andDebugDescriptionHasTheDetail() {
        let error = PGError(
            .queryFailed, sqlState: "23505", message: "duplicate key value violates unique constraint \"users_email_key\"",
            detail: "Key (email)=(ceo@example.ro) already exists.", constraint: "users_email_key",
            query: "INSERT INTO users (email) VALUES ($1)")
        #expect(error.description == "PGError(queryFailed, SQLSTATE 23505)")
        #expect(!error.description.contains("ceo@example.ro"))
        #expect(!error.description.contains("INSERT"))
        #expect(String(reflecting: error).contains("ceo@example.ro"))
        #expect(String(reflecting: error).contains("INSERT INTO users"))
        #expect(error.rpcError == RPCError(.alreadyExists, "duplicate value not allowed"))
    }

    @Test func retryable_areLostConnectionsAndLostRaces() {
        #expect(PGError(.connectionClosed).isRetryable)
        #expect(PGError(.connectionFailed).isRetryable)
        #expect(PGError(.queryFailed, sqlState: "40001").isRetryable)
        #expect(PGError(.queryFailed, sqlState: "40P01").isRetryable)
        #expect(!PGError(.queryFailed, sqlState: "23505").isRetryable)
        #expect(!PGError(.timeout).isRetryable)
    }
}
