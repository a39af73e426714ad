import CommonAPI
import RPCCore
import RuntimeAPI
import Testing
import TestingAPI

@Suite("Generated schema metadata")
struct SchemaMetadataTests {
    let registry = TestingMetadata.registry
    var sample: MessageSchema { registry.messages["cerniq.testing.v1.Sample"]! }

    @Test func usesDescriptorJsonNames_includingExplicitOnes() {
        #expect(sample.field(number: 1)?.jsonName == "fDouble")
        #expect(sample.field(number: 18)?.name == "display_name")
        #expect(sample.field(number: 18)?.jsonName == "label")
        #expect(sample.field(jsonName: "label")?.number == 18)
        #expect(CommonMetadata.registry.messages["cerniq.common.v1.Principal"]?.field(number: 7)?.jsonName == "apiKeyId")
    }

    @Test func marksRequiredFields_fromTheAnnotation() {
        #expect(sample.field(number: 17)?.required == true)
        #expect(sample.field(number: 9)?.required == false)
        #expect(RuntimeMetadata.registry.messages["cerniq.runtime.v1.DescribeRequest"]?.field(number: 1)?.required == true)
    }

    @Test func describesKinds_typeNames_andOneofs() {
        #expect(sample.field(number: 16)?.kind == .enumeration)
        #expect(sample.field(number: 16)?.typeName == "cerniq.testing.v1.Priority")
        #expect(sample.field(number: 20)?.typeName == "cerniq.testing.v1.Sample.Inner.Kind")
        #expect(sample.field(number: 50)?.typeName == "cerniq.common.v1.Money")
        #expect(sample.field(number: 14)?.kind == .sint32)
        #expect(sample.field(number: 22)?.repeated == true)
        #expect(sample.field(number: 45)?.name == "default")
        #expect(sample.field(number: 45)?.oneof == "choice")
        #expect(sample.field(number: 9)?.oneof == nil)
        #expect(sample.field(number: 9)?.typeName == nil)
    }

    @Test func describesMapFields_andTheirEntryMessages() {
        let labels = sample.field(number: 30)
        #expect(labels?.kind == .message)
        #expect(labels?.repeated == true)
        #expect(labels?.typeName == "cerniq.testing.v1.Sample.LabelsEntry")
        let entry = registry.messages["cerniq.testing.v1.Sample.LabelsEntry"]
        #expect(entry?.isMapEntry == true)
        #expect(entry?.fields.map(\.name) == ["key", "value"])
        #expect(registry.messages["cerniq.testing.v1.Sample.InnerByIdEntry"]?.field(number: 2)?.typeName
            == "cerniq.testing.v1.Sample.Inner")
        #expect(sample.isMapEntry == false)
    }

    @Test func spellsEnumValuesInJSON_strippingThePrefix_orFromTheAnnotation() {
        let priority = registry.enums["cerniq.testing.v1.Priority"]!.values
        #expect(priority.map(\.json) == ["unspecified", "low", "high", "urgent"])
        let status = RuntimeMetadata.registry.enums["cerniq.runtime.v1.ServingStatus"]!.values
        #expect(status.map(\.name) == ["SERVING_STATUS_UNSPECIFIED", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"])
        #expect(status.map(\.json) == ["unspecified", "serving", "not_serving", "service_unknown"])
        #expect(registry.enums["cerniq.testing.v1.Sample.Inner.Kind"]?.values.map(\.json) == ["unspecified", "leaf", "branch"])
    }

    @Test func namesSwiftEnumCases_fromStrippedValueNames() {
        #expect(Priority.allCases == [.unspecified, .low, .high, .urgentNow])
        #expect(ServingStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(ServingStatus.notServing.rawValue == 2)
        #expect(FieldInfo.Kind.`enum`.rawValue == 16)
    }

    @Test func marksIdempotentMethods_fromIdempotencyLevel() {
        #expect(TestServiceMethods.echo.idempotent)
        #expect(TestServiceMethods.inspect.idempotent)
        #expect(!TestServiceMethods.slow.idempotent)
        #expect(!TestServiceMethods.fail.idempotent)
        #expect(!TestServiceMethods.relay.idempotent)
        #expect(HealthMethods.check.idempotent)
        #expect(ReflectionMethods.listServices.idempotent && ReflectionMethods.describe.idempotent)
        #expect(TestServiceMethods.echo.path == "cerniq.testing.v1.TestService/Echo")
        let echo = registry.method("cerniq.testing.v1.TestService/Echo")
        #expect(echo?.method.idempotent == true)
        #expect(echo?.method.inputType == "cerniq.testing.v1.EchoRequest")
        #expect(registry.method("cerniq.testing.v1.TestService/Relay")?.method.idempotent == false)
    }

    @Test func listsEveryMessageEnumAndService_ofThePackageAndWhatItImports() {
        #expect(registry.services.keys.sorted() == ["cerniq.testing.v1.TestService"])
        #expect(registry.services["cerniq.testing.v1.TestService"]?.methods.map(\.name) == ["Echo", "Slow", "Fail", "Relay", "Inspect"])
        #expect(registry.messages["cerniq.testing.v1.FailResponse"]?.fields == [])
        // Imported packages come along, so one registry is enough to transcode a service.
        #expect(registry.messages["cerniq.common.v1.Money"] == CommonMetadata.registry.messages["cerniq.common.v1.Money"])
        #expect(registry.services["cerniq.runtime.v1.Health"] == nil)
        #expect(RuntimeMetadata.registry.services.keys.sorted() == ["cerniq.runtime.v1.Health", "cerniq.runtime.v1.Reflection"])
    }

    @Test func reflectionFieldKind_spellsEveryRPCCoreFieldKind() {
        let values = RuntimeMetadata.registry.enums["cerniq.runtime.v1.FieldInfo.Kind"]!.values.map(\.json)
        for kind in FieldKind.allCases {
            #expect(values.contains(kind.rawValue), "no FieldKind value spelled \(kind.rawValue)")
        }
    }

    @Test func reflectionInfoMessages_mirrorTheSchemaStructs() {
        let runtime = RuntimeMetadata.registry
        #expect(runtime.messages["cerniq.runtime.v1.FieldInfo"]?.fields.map(\.jsonName)
            == ["number", "name", "jsonName", "kind", "repeated", "required", "typeName", "oneof"])
        #expect(runtime.messages["cerniq.runtime.v1.MessageInfo"]?.fields.map(\.jsonName) == ["name", "fields", "isMapEntry"])
        #expect(runtime.messages["cerniq.runtime.v1.MethodInfo"]?.fields.map(\.jsonName)
            == ["name", "inputType", "outputType", "idempotent"])
        #expect(runtime.messages["cerniq.runtime.v1.EnumValueInfo"]?.fields.map(\.jsonName) == ["name", "number", "json"])
    }
}
