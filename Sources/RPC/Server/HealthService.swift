import RPCCore
import RuntimeAPI

/// `cerniq.runtime.v1.Health`: SERVING for every hosted service while the server
/// accepts calls and its readiness check (e.g. the database answers) passes, NOT_SERVING
/// once it drains or the check fails, and SERVICE_UNKNOWN for a name it does not host.
/// An empty name asks about the server.
struct HealthService: HealthHandler {
    let services: Set<String>
    let isServing: @Sendable () -> Bool
    let readiness: (@Sendable () async -> Bool)?
    /// The process's own figures, for an empty name (the process as a whole).
    let figures: (@Sendable () async -> ProcessFigures?)?

    func check(_ request: HealthCheckRequest, context: CallContext) async throws -> HealthCheckResponse {
        guard request.service.isEmpty || services.contains(request.service) else {
            return HealthCheckResponse(status: .serviceUnknown)
        }
        let ready = isServing() ? await readiness?() ?? true : false
        let figures = request.service.isEmpty ? await figures?() : nil
        return HealthCheckResponse(status: ready ? .serving : .notServing, figures: figures)
    }
}
