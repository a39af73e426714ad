import RPCCore
import RuntimeAPI

/// `cerniq.runtime.v1.Reflection`: the hosted services and their schemas, so tools
/// such as `cerniq call` work against any server without compiled-in knowledge.
struct ReflectionService: ReflectionHandler {
    let registry: SchemaRegistry
    let hosted: [String]

    func listServices(_ request: ListServicesRequest, context: CallContext) async throws -> ListServicesResponse {
        ListServicesResponse(services: hosted.sorted())
    }

    func describe(_ request: DescribeRequest, context: CallContext) async throws -> DescribeResponse {
        guard let response = DescribeResponse(symbol: request.symbol, in: registry) else {
            throw RPCError(.notFound, "no service, message or enum named \(request.symbol)")
        }
        return response
    }
}
