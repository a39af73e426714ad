import CommonAPI
import RPCCore
import Testing
@testable import ProtoJSON

/// A `@json-value` message (text or a number) is written and read as the value itself,
/// the seed's `specifications: Record<string, string | number>`.
struct JSONValueMessageTests {
    let registry = SchemaRegistry(messages: [
        MessageSchema(name: "t.Spec", fields: [
            FieldSchema(number: 1, name: "text", jsonName: "text", kind: .string, oneof: "kind"),
            FieldSchema(number: 2, name: "number", jsonName: "number", kind: .message, typeName: "cerniq.common.v1.Decimal", oneof: "kind"),
        ], isJSONValue: true),
        MessageSchema(name: "t.Product", fields: [
            FieldSchema(number: 1, name: "specs", jsonName: "specs", kind: .message, repeated: true, typeName: "t.Product.SpecsEntry"),
        ]),
        MessageSchema(name: "t.Product.SpecsEntry", fields: [
            FieldSchema(number: 1, name: "key", jsonName: "key", kind: .string),
            FieldSchema(number: 2, name: "value", jsonName: "value", kind: .message, typeName: "t.Spec"),
        ], isMapEntry: true),
    ]).merging(CommonMetadata.registry)

    @Test func textAndNumbersRoundTripAsPlainValues() throws {
        let transcoder = JSONTranscoder(registry: registry)
        let bytes = try transcoder.encode(json: #"{"specs": {"colour": "red", "power": 5.50}}"#, messageType: "t.Product")
        let json = String(decoding: try transcoder.decode(bytes, messageType: "t.Product"), as: UTF8.self)
        #expect(json == #"{"specs":{"colour":"red","power":5.50}}"#)
    }

    @Test func objectsAndBooleans_areRefusedNamingTheAllowedTypes() {
        let transcoder = JSONTranscoder(registry: registry)
        #expect(throws: TranscodingError(field: #"specs["x"]"#, code: .invalidType, message: "expected a string or a number, got boolean")) {
            try transcoder.encode(json: #"{"specs": {"x": true}}"#, messageType: "t.Product")
        }
        #expect(throws: TranscodingError.self) {
            try transcoder.encode(json: #"{"specs": {"x": {"text": "a"}}}"#, messageType: "t.Product")
        }
    }
}
