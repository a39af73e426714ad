import Postgres
import RPCCore

/// A database failure reaches a caller as the outcome the Postgres layer assigns it
/// (SQLSTATE → status and seed code, e.g. a unique violation → ALREADY_EXISTS with
/// VAL_DUPLICATE): generic text only, never SQL or values.
extension PGError: RPCErrorConvertible {
    public var rpcError: RPCError {
        let outcome = self.outcome
        let seed = SeedError(outcome.seedCode, outcome.message, field: outcome.field)
        return RPCError(outcome.code, outcome.message, details: seed.rpcError.details)
    }
}
