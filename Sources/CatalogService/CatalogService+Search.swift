import CatalogAPI
import RPCCore

extension CatalogService {
    public func searchProducts(_ request: SearchProductsRequest, context: CallContext) async throws -> SearchProductsResponse {
        throw RPCError(.unimplemented, "searchProducts is not implemented yet")
    }
}
