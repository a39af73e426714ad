import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RPC
import RPCTestKit
import RuntimeAPI
import TestingAPI
import TestingService
import Synchronization
import Testing

/// The built-in Health and Reflection services, and the generated TestService end to end.
struct RuntimeServicesTests {
    func withTestingServer(_ body: (Server, Client) async throws -> Void) async throws {
        try await withTestServer(services: [TestingService().serviceDefinition], schema: TestingMetadata.registry) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            try await body(server, client)
        }
    }

    @Test func generatedClient_echoesThroughTheGeneratedHandler() async throws {
        try await withTestingServer { _, client in
            let response = try await TestServiceClient(client).echo(EchoRequest(payload: [1, 2, 3], text: "hello"))
            #expect(response.payload == [1, 2, 3])
            #expect(response.text == "hello")
        }
    }

    @Test func health_isServing_untilDrainBegins() async throws {
        try await withTestingServer { server, client in
            let health = HealthClient(client)
            let whole = try await health.check(HealthCheckRequest()).status
            let hosted = try await health.check(HealthCheckRequest(service: "cerniq.testing.v1.TestService")).status
            let unknown = try await health.check(HealthCheckRequest(service: "cerniq.nope.v1.Nope")).status
            #expect(whole == .serving)
            #expect(hosted == .serving)
            #expect(unknown == .serviceUnknown)
            server.beginGracefulShutdown()
            #expect(!server.isServing)
        }
    }

    @Test func reflection_listsHostedServices_andDescribesThemWithTheirSchemas() async throws {
        try await withTestingServer { _, client in
            let reflection = ReflectionClient(client)
            let services = try await reflection.listServices(ListServicesRequest()).services
            #expect(services == ["cerniq.runtime.v1.Health", "cerniq.runtime.v1.Reflection", "cerniq.testing.v1.TestService"])
            let described = try await reflection.describe(DescribeRequest(symbol: "cerniq.testing.v1.TestService")).registry
            let service = try #require(described.services["cerniq.testing.v1.TestService"])
            #expect(service.methods.first { $0.name == "Echo" }?.idempotent == true)
            // Every type a method reaches comes along, so a caller can transcode without more calls.
            #expect(described.messages["cerniq.testing.v1.EchoRequest"] == TestingMetadata.registry.messages["cerniq.testing.v1.EchoRequest"])
            for message in described.messages.values {
                for field in message.fields where field.kind == .message || field.kind == .enumeration {
                    #expect(described.messages[field.typeName!] != nil || described.enums[field.typeName!] != nil)
                }
            }
        }
    }

    @Test func reflection_answersNotFound_forAnUnknownSymbol() async throws {
        try await withTestingServer { _, client in
            let error = await #expect(throws: RPCError.self) {
                _ = try await ReflectionClient(client).describe(DescribeRequest(symbol: "cerniq.nope.v1.Nope"))
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test func metricsEndpoint_servesPrometheusText_overHTTP() async throws {
        try await withTestingServer { server, client in
            _ = try await TestServiceClient(client).echo(EchoRequest(text: "x"))
            let endpoint = try MetricsEndpoint(port: 0, metrics: { server.metricsText() })
            defer { endpoint.close() }
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(endpoint.port)/metrics")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("rpc_server_calls_total{method=\"cerniq.testing.v1.TestService/Echo\",code=\"OK\"} 1"))
            #expect(text.contains("rpc_server_latency_seconds_count{method=\"cerniq.testing.v1.TestService/Echo\"} 1"))
        }
    }
}

extension RuntimeServicesTests {
    @Test func health_followsTheReadinessCheck() async throws {
        let ready = Atomic<Bool>(true)
        var configuration = ServerConfiguration(tls: TestCertificates.shared.tls("testing"))
        configuration.drainGracePeriod = .milliseconds(100)
        let server = try Server(configuration: configuration, services: [TestingService().serviceDefinition],
                                readiness: { ready.load(ordering: .relaxed) })
        try server.start()
        let client = try makeClient(for: server)
        defer { client.close() }
        let health = HealthClient(client)
        let before = try await health.check(HealthCheckRequest()).status
        ready.store(false, ordering: .relaxed)
        let after = try await health.check(HealthCheckRequest()).status
        #expect(before == .serving)
        #expect(after == .notServing)
        server.beginGracefulShutdown()
        try await server.run()
    }
}
