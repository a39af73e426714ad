import RPCCore

/// A `SERVICE/METHOD` argument, resolved against the server's schema.
struct MethodTarget {
    let path: MethodDescriptor

    init(_ text: String) throws(UsageError) {
        guard let path = MethodDescriptor(path: text) else {
            throw UsageError("\"\(text)\" is not SERVICE/METHOD, e.g. cerniq.testing.v1.TestService/Echo")
        }
        self.path = path
    }

    struct Resolved {
        var registry: SchemaRegistry
        var method: MethodSchema
        /// Carries the method's idempotency, so the client may retry only what is safe to.
        var descriptor: MethodDescriptor
    }

    /// Describes the service through reflection and finds the method in it.
    func resolve(_ connection: any ServerConnection, options: CallOptions) async throws -> Resolved {
        let registry = try await connection.describe(path.service, options: options)
        guard let service = registry.services[path.service] else {
            throw CommandFailure("the server does not host \(path.service)")
        }
        guard let method = service.methods.first(where: { $0.name == path.method }) else {
            let names = service.methods.map(\.name).joined(separator: ", ")
            throw CommandFailure("\(path.service) has no method \(path.method) (it has: \(names))")
        }
        for type in [method.inputType, method.outputType] where registry.messages[type] == nil {
            throw CommandFailure("the server's description of \(path.service) lacks message \(type)")
        }
        return Resolved(registry: registry, method: method,
                        descriptor: MethodDescriptor(service: path.service, method: path.method, idempotent: method.idempotent))
    }
}
