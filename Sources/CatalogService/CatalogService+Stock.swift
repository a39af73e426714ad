import CatalogAPI
import RPCCore

extension CatalogService {
    public func listStock(_ request: ListStockRequest, context: CallContext) async throws -> ListStockResponse {
        throw RPCError(.unimplemented, "listStock is not implemented yet")
    }

    public func listStockMovements(_ request: ListStockMovementsRequest, context: CallContext) async throws -> ListStockMovementsResponse {
        throw RPCError(.unimplemented, "listStockMovements is not implemented yet")
    }

    public func adjustStock(_ request: AdjustStockRequest, context: CallContext) async throws -> AdjustStockResponse {
        throw RPCError(.unimplemented, "adjustStock is not implemented yet")
    }

    public func reserveStock(_ request: ReserveStockRequest, context: CallContext) async throws -> ReserveStockResponse {
        throw RPCError(.unimplemented, "reserveStock is not implemented yet")
    }

    public func releaseReservation(_ request: ReleaseReservationRequest, context: CallContext) async throws -> ReleaseReservationResponse {
        throw RPCError(.unimplemented, "releaseReservation is not implemented yet")
    }
}
