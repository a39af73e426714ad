import CommonAPI
import Foundation
import RPCCore
import ServiceKit

/// Who makes an admin call: the tenant from the call's metadata, and the user the gateway
/// authenticated (the `principal` metadata, DESIGN D4). An API key, or a service acting for
/// itself, has no user.
struct AdminCaller: Sendable {
    var tenant: UUID
    var user: UUID?
    /// The session of the user's access token, when the call came with one.
    var session: UUID?

    /// AUTH_TENANT_REQUIRED without a tenant; AUTHZ_TENANT_MISMATCH when the principal belongs
    /// to another tenant than the one the call names (the gateway sets both from one token, so
    /// a difference means a forged or broken hop).
    init(_ context: CallContext) throws(SeedError) {
        guard let tenant = UUID(uuidString: try TenantContext.tenant(of: context)) else {
            throw SeedError("AUTH_TENANT_REQUIRED", "the call names no tenant")
        }
        self.tenant = tenant
        let principal = context.metadata.principal.flatMap { try? Principal(decoding: $0) }
        if let principal, !principal.tenantId.isEmpty, UUID(uuidString: principal.tenantId) != tenant {
            throw SeedError("AUTHZ_TENANT_MISMATCH", "Resource belongs to different tenant")
        }
        user = principal.flatMap { UUID(uuidString: $0.userId) }
        session = principal.flatMap { UUID(uuidString: $0.sessionId) }
    }
}
