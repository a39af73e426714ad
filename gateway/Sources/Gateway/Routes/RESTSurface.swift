import CatalogAPI
import CommonAPI
import GatewayAPI
import IdentityAPI
import RPCCore

/// Every route the gateway serves, and the metadata they are checked and transcoded with.
public enum RESTSurface {
    public static let routes: [Route] = IdentityRoutes.all + AdminRoutes.all + CatalogRoutes.all + GatewayRoutes.all
    public static let registry: SchemaRegistry = CatalogMetadata.registry.merging(IdentityMetadata.registry).merging(GatewayMetadata.registry)
        .merging(CommonMetadata.registry)
}
