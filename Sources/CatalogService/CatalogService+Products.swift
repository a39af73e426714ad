import CatalogAPI
import RPCCore

extension CatalogService {
    public func listProducts(_ request: ListProductsRequest, context: CallContext) async throws -> ListProductsResponse {
        throw RPCError(.unimplemented, "listProducts is not implemented yet")
    }

    public func getProduct(_ request: GetProductRequest, context: CallContext) async throws -> ProductDetail {
        throw RPCError(.unimplemented, "getProduct is not implemented yet")
    }

    public func createProduct(_ request: CreateProductRequest, context: CallContext) async throws -> CreateProductResponse {
        throw RPCError(.unimplemented, "createProduct is not implemented yet")
    }

    public func updateProduct(_ request: UpdateProductRequest, context: CallContext) async throws -> UpdateProductResponse {
        throw RPCError(.unimplemented, "updateProduct is not implemented yet")
    }

    public func deleteProduct(_ request: DeleteProductRequest, context: CallContext) async throws -> DeleteProductResponse {
        throw RPCError(.unimplemented, "deleteProduct is not implemented yet")
    }

    public func setRelatedProducts(_ request: SetRelatedProductsRequest, context: CallContext) async throws -> SetRelatedProductsResponse {
        throw RPCError(.unimplemented, "setRelatedProducts is not implemented yet")
    }
}
