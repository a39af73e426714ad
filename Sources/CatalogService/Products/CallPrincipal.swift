import CommonAPI
import RPCCore

/// Who a call acts for, from the `principal` metadata the gateway sets (DESIGN D4): the
/// user recorded as a product's `createdBy` and on the movements the call writes. A call
/// without a principal (a service acting for itself) is the system.
struct CallPrincipal: Sendable, Hashable {
    /// The user's id; empty for the system.
    var userID: String
    /// The name shown for the user: the e-mail address, when the principal carries one.
    var name: String

    /// The principal of `context`; the system when there is none or it does not decode.
    init(_ context: CallContext) {
        let principal = context.metadata.principal.flatMap { try? Principal(decoding: $0) }
        userID = principal?.userId ?? ""
        name = principal?.email ?? ""
    }

    /// `user` or `system`, as `stock_movements.created_by_type` spells it.
    var actorType: String { userID.isEmpty ? "system" : "user" }
}
