import Postgres

extension SeedError {
    /// A database failure as the caller sees it: the Postgres layer's outcome (SQLSTATE →
    /// status and seed code, e.g. unique violation → ALREADY_EXISTS, VAL_DUPLICATE), with
    /// generic text only, never SQL or values.
    public init(_ error: PGError) {
        let outcome = error.outcome
        self.init(outcome.seedCode, outcome.message, field: outcome.field, status: outcome.code)
    }
}

/// Runs `body`, turning database failures into `SeedError`s so they reach the caller with
/// `StatusDetails` (every store wraps its transactions in this).
public func withDatabaseErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as PGError {
        throw SeedError(error)
    }
}
