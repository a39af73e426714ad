import CatalogAPI
import RPCCore

extension CatalogService {
    public func startProductImport(_ request: StartProductImportRequest, context: CallContext) async throws -> ProductImportJob {
        throw RPCError(.unimplemented, "startProductImport is not implemented yet")
    }

    public func getProductImport(_ request: GetProductImportRequest, context: CallContext) async throws -> ProductImportJob {
        throw RPCError(.unimplemented, "getProductImport is not implemented yet")
    }
}
