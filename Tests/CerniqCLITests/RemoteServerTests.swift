import Testing
import RPCCore
import RuntimeAPI
import TestingAPI
@testable import CLI

@Suite struct RemoteServerTests {
    /// A DescribeResponse carrying all of `registry`, as the reflection service builds them.
    func response(_ registry: SchemaRegistry) -> DescribeResponse {
        DescribeResponse(services: registry.services.values.map(ServiceInfo.init(schema:)),
                         messages: registry.messages.values.map(MessageInfo.init(schema:)),
                         enums: registry.enums.values.map(EnumInfo.init(schema:)))
    }

    @Test func rebuildsTheRegistryADescribeResponseMirrors() throws {
        let registry = TestingMetadata.registry
        // Through the wire encoding, as a call would deliver it.
        let decoded = try DescribeResponse(decoding: response(registry).encoded())
        let rebuilt = try RemoteServer.registry(from: decoded)
        #expect(rebuilt.messages == registry.messages)
        #expect(rebuilt.enums == registry.enums)
        #expect(rebuilt.services == registry.services)
    }

    @Test func mapsEveryFieldKind_throughReflection() {
        for kind in FieldKind.allCases {
            let field = FieldSchema(number: 1, name: "f", jsonName: "f", kind: kind)
            #expect(FieldInfo(schema: field).schema == field)
        }
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
