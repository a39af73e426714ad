import Foundation
import Testing
@testable import RPC
import RPCCore

struct RawMessage: ProtoMessage, Equatable {
    static let protoName = "test.Raw"
    var bytes: [UInt8] = []
    init() {}
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(decoding bytes: UnsafeRawBufferPointer) throws { self.bytes = Array(bytes) }
    func encode(into output: inout [UInt8]) { output.append(contentsOf: bytes) }
}

struct SmokeTests {
    @Test func echoesOverMutualTLS() async throws {
        let dir = "/tmp/certs"
        let echo = MethodDescriptor(service: "t.Echo", method: "Echo", idempotent: true)
        let service = ServiceDefinition(name: "t.Echo", methods: [
            MethodHandler(descriptor: echo) { bytes in
                let request = try RawMessage(decoding: bytes)
                return { _ in request }
            },
        ])
        let server = try Server(configuration: ServerConfiguration(tls: TLSConfiguration(certificatePath: "\(dir)/testing.pem", privateKeyPath: "\(dir)/testing.key", trustRootsPath: "\(dir)/ca.pem")), services: [service])
        try server.start()
        let client = try Client(configuration: ClientConfiguration(target: "127.0.0.1:\(server.port)", tls: TLSConfiguration(certificatePath: "\(dir)/cli.pem", privateKeyPath: "\(dir)/cli.key", trustRootsPath: "\(dir)/ca.pem")))
        let response = try await client.call(echo, request: [1, 2, 3], options: CallOptions(timeout: .seconds(2)))
        #expect(response == [1, 2, 3])
        let start = Deadline.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<10_000 {
                group.addTask {
                    let r = try await client.call(echo, request: [UInt8(i % 256)], options: CallOptions())
                    #expect(r == [UInt8(i % 256)])
                }
            }
            try await group.waitForAll()
        }
        print("10k calls in", Double(Deadline.now() - start) / 1e6, "ms")
        client.close()
        server.beginGracefulShutdown()
        try await server.run()
    }
}
