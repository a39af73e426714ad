import CatalogAPI
import RPCCore

extension CatalogService {
    public func listVatRates(_ request: ListVatRatesRequest, context: CallContext) async throws -> ListVatRatesResponse {
        throw RPCError(.unimplemented, "listVatRates is not implemented yet")
    }

    public func setVatRate(_ request: SetVatRateRequest, context: CallContext) async throws -> VatRate {
        throw RPCError(.unimplemented, "setVatRate is not implemented yet")
    }
}
