import RPCCore
import ServiceKit

/// A broken catalog rule reaches the caller as its seed code, through ServiceKit's one table.
extension CatalogError: RPCErrorConvertible {
    public var rpcError: RPCError { SeedError(code.rawValue, message, field: field).rpcError }
}
