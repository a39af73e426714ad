/// Emits a service's Swift contract: `<Service>Methods` (descriptors), the
/// `<Service>Handler` protocol with its `serviceDefinition`, and `<Service>Client`.
struct ServiceEmitter {
    let service: ServiceProto
    let package: String
    let path: [Int32]
    let comments: SourceComments
    let table: TypeTable
    let module: String

    private struct Method {
        let proto: MethodProto
        let swiftName: String
        let input: String
        let output: String
        let doc: [String]
    }

    func emit(into writer: inout CodeWriter) throws {
        let fullName = package + "." + service.name
        var methods: [Method] = []
        for (index, proto) in service.methods.enumerated() {
            guard !proto.isStreaming else {
                throw GeneratorError("\(fullName)/\(proto.name): streaming methods are not supported; the runtime is unary")
            }
            methods.append(Method(
                proto: proto, swiftName: Naming.member(Naming.lowerCamel(proto.name)),
                input: try table.swiftType(proto.inputType, from: module), output: try table.swiftType(proto.outputType, from: module),
                doc: comments.doc(path + [2, Int32(index)], or: "The method `\(proto.name)`.")))
        }
        let serviceDoc = comments.doc(path, or: "The service `\(fullName)`.")

        writer.doc(["The methods of `\(fullName)`, as the runtime names them."])
        writer.block("public enum \(service.name)Methods") { writer in
            for method in methods {
                writer.doc(method.doc + (method.proto.isIdempotent ? ["", "Idempotent: a client may retry it."] : []))
                writer.line("public static let \(method.swiftName) = MethodDescriptor(service: \"\(fullName)\", method: \"\(method.proto.name)\", idempotent: \(method.proto.isIdempotent))")
                writer.line()
            }
            writer.doc(["Every method, in declaration order."])
            writer.line("public static let all: [MethodDescriptor] = [\(methods.map(\.swiftName).joined(separator: ", "))]")
        }
        writer.line()

        writer.doc(serviceDoc + ["", "Implement this protocol to serve `\(fullName)`, and host `serviceDefinition`.",
                                 "Each method may throw `RPCError`, an `RPCErrorConvertible`, or `CancellationError`;",
                                 "any other error reaches the caller as INTERNAL."])
        writer.block("public protocol \(service.name)Handler: Sendable") { writer in
            for (index, method) in methods.enumerated() {
                writer.doc(method.doc)
                writer.line("func \(method.swiftName)(_ request: \(method.input), context: CallContext) async throws -> \(method.output)")
                if index < methods.count - 1 { writer.line() }
            }
        }
        writer.line()

        writer.block("extension \(service.name)Handler") { writer in
            writer.doc(["This handler as a service a server hosts: each method decodes its request",
                        "synchronously in `prepare` and returns the call to run."])
            writer.block("public var serviceDefinition: ServiceDefinition") { writer in
                writer.line("ServiceDefinition(name: \"\(fullName)\", methods: [")
                for method in methods {
                    writer.line("    MethodHandler(descriptor: \(service.name)Methods.\(method.swiftName)) { bytes in")
                    writer.line("        let request = try \(method.input)(decoding: bytes)")
                    writer.line("        return { context in try await self.\(method.swiftName)(request, context: context) }")
                    writer.line("    },")
                }
                writer.line("])")
            }
        }
        writer.line()

        writer.doc(["A typed client of `\(fullName)`."])
        writer.block("public struct \(service.name)Client: Sendable") { writer in
            writer.doc(["The transport calls go through."])
            writer.line("public let caller: any RPCCaller")
            writer.line()
            writer.doc(["A client that calls through `caller`."])
            writer.block("public init(_ caller: any RPCCaller)") { $0.line("self.caller = caller") }
            for method in methods {
                writer.line()
                writer.doc(method.doc + ["- Throws: `RPCError` with the status the call ended with."])
                writer.block("public func \(method.swiftName)(_ request: \(method.input), options: CallOptions = CallOptions()) async throws -> \(method.output)") {
                    $0.line("try await caller.unary(\(service.name)Methods.\(method.swiftName), request, options: options)")
                }
            }
        }
    }
}
