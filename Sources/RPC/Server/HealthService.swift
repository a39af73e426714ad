import RPCCore
import RuntimeAPI

/// `cerniq.runtime.v1.Health`: SERVING for every hosted service while the server
/// accepts calls, NOT_SERVING once it drains or a readiness check fails, and
/// SERVICE_UNKNOWN for a name it does not host. An empty name asks about the server.
struct HealthService: HealthHandler {
    let services: Set<String>
    let isServing: @Sendable () -> Bool

    func check(_ request: HealthCheckRequest, context: CallContext) async throws -> HealthCheckResponse {
        guard request.service.isEmpty || services.contains(request.service) else {
            return HealthCheckResponse(status: .serviceUnknown)
        }
        return HealthCheckResponse(status: isServing() ? .serving : .notServing)
    }
}
