import CatalogAPI
import Foundation
import RPCCore
import ServiceKit

/// `cerniq.catalog.v1.CatalogService`: products, search, import and export, stock and
/// reservations, VAT rates (003 §3, §6). Handlers validate, apply the domain rules in
/// `Domain/`, and call the store; each concern is in `CatalogService+<Concern>.swift`.
public struct CatalogService: CatalogServiceHandler {
    let store: CatalogStore
    let log: Logger
    /// The clock the rules read (reservation expiry, VAT dates); tests may fix it.
    let now: @Sendable () -> Date

    public init(store: CatalogStore, log: Logger = Logger(component: "catalog"), now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.log = log
        self.now = now
    }
}
