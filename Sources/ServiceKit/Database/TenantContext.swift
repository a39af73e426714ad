import Foundation
import RPCCore

/// The tenant a call acts for, from its metadata (set by the gateway from the verified
/// principal, DESIGN D4/D5). Every tenant-owned query runs in a transaction bound to it.
public enum TenantContext {
    /// The call's tenant id, lower-case; throws `AUTH_TENANT_REQUIRED` when the metadata has
    /// none or it is not a UUID, so nothing runs without a tenant.
    public static func tenant(of context: CallContext) throws(SeedError) -> String {
        guard let text = context.metadata.tenant, let id = UUID(uuidString: text) else {
            throw SeedError("AUTH_TENANT_REQUIRED", "the call names no tenant")
        }
        return id.uuidString.lowercased()
    }
}
