import RPCCore

/// A service the gateway forwards to: its name as the route table's methods spell it, and
/// the caller (a runtime `Client` over mutual TLS) that reaches it.
public struct Upstream: Sendable {
    /// The fully qualified service, e.g. `cerniq.catalog.v1.CatalogService`.
    public var service: String
    /// A short name for health output, e.g. `catalog`.
    public var name: String
    public var caller: any RPCCaller

    public init(service: String, name: String, caller: any RPCCaller) {
        self.service = service
        self.name = name
        self.caller = caller
    }
}
