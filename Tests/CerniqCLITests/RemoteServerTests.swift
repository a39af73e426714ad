import Testing
import RPCCore
import RuntimeAPI
import TestingAPI
@testable import CLI

@Suite struct RemoteServerTests {
    /// A DescribeResponse as a server builds it from a registry.
    func response(_ registry: SchemaRegistry) -> DescribeResponse {
        var response = DescribeResponse()
        response.services = registry.services.values.map { service in
            ServiceInfo(name: service.name, methods: service.methods.map {
                MethodInfo(name: $0.name, inputType: $0.inputType, outputType: $0.outputType, idempotent: $0.idempotent)
            })
        }
        response.messages = registry.messages.values.map { message in
            var info = MessageInfo(name: message.name, isMapEntry: message.isMapEntry)
            info.fields = message.fields.map { field in
                var info = FieldInfo()
                info.number = field.number
                info.name = field.name
                info.jsonName = field.jsonName
                info.kind = FieldInfo.Kind.allCases.first { RemoteServer.kind($0) == field.kind } ?? .unspecified
                info.repeated = field.repeated
                info.required = field.required
                info.typeName = field.typeName ?? ""
                info.oneof = field.oneof ?? ""
                return info
            }
            return info
        }
        response.enums = registry.enums.values.map { info in
            EnumInfo(name: info.name, values: info.values.map { EnumValueInfo(name: $0.name, number: $0.number, json: $0.json) })
        }
        return response
    }

    @Test func rebuildsTheRegistryADescribeResponseMirrors() throws {
        let registry = TestingSchema.registry
        // Through the wire encoding, as a call would deliver it.
        let decoded = try DescribeResponse(decoding: response(registry).encoded())
        let rebuilt = try RemoteServer.registry(from: decoded)
        #expect(rebuilt.messages == registry.messages)
        #expect(rebuilt.enums == registry.enums)
        #expect(rebuilt.services == registry.services)
    }

    @Test func mapsEveryFieldKind() {
        let mapped = Set(FieldInfo.Kind.allCases.compactMap(RemoteServer.kind))
        #expect(mapped == Set(FieldKind.allCases))
    }

    @Test func rejectsAFieldWithoutAKind() {
        var message = MessageInfo(name: "m")
        message.fields = [FieldInfo()]
        var response = DescribeResponse()
        response.messages = [message]
        #expect(throws: CommandFailure.self) { try RemoteServer.registry(from: response) }
    }

    @Test func namesServingStatusesAsTheProtoDoes() {
        #expect(RemoteServer.name(of: .serving) == "SERVING")
        #expect(RemoteServer.name(of: .notServing) == "NOT_SERVING")
        #expect(RemoteServer.name(of: .serviceUnknown) == "SERVICE_UNKNOWN")
    }
}
