import RPCCore

/// A process the gateway forwards to: the services it hosts, as the route table's methods
/// spell them, and the caller (a runtime `Client` over mutual TLS) that reaches it.
public struct Upstream: Sendable {
    /// Fully qualified services, e.g. `cerniq.catalog.v1.CatalogService`.
    public var services: [String]
    /// A short name for health output, e.g. `catalog`: one health check per upstream.
    public var name: String
    public var caller: any RPCCaller

    public init(services: [String], name: String, caller: any RPCCaller) {
        self.services = services
        self.name = name
        self.caller = caller
    }

    public init(service: String, name: String, caller: any RPCCaller) {
        self.init(services: [service], name: name, caller: caller)
    }

    /// Identity's process: login and sessions, API keys, tenant administration, the audit log.
    public static func identity(_ caller: any RPCCaller) -> Upstream {
        Upstream(services: ["cerniq.identity.v1.IdentityService", "cerniq.identity.v1.ApiKeyService",
                            "cerniq.identity.v1.TenantAdminService", "cerniq.identity.v1.AuditService"],
                 name: "identity", caller: caller)
    }
}
