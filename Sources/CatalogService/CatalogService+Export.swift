import CatalogAPI
import RPCCore

extension CatalogService {
    public func startProductExport(_ request: StartProductExportRequest, context: CallContext) async throws -> ProductExportJob {
        throw RPCError(.unimplemented, "startProductExport is not implemented yet")
    }

    public func getProductExport(_ request: GetProductExportRequest, context: CallContext) async throws -> ProductExportJob {
        throw RPCError(.unimplemented, "getProductExport is not implemented yet")
    }

    public func downloadProductExport(_ request: DownloadProductExportRequest, context: CallContext) async throws -> DownloadProductExportResponse {
        throw RPCError(.unimplemented, "downloadProductExport is not implemented yet")
    }
}
