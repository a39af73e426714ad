import CommonAPI
import Foundation
import RPCCore
import Testing
@testable import ProtoJSON

/// Exact decimals and instants look as the seeds write them: a JSON number, an RFC 3339 string.
struct WellKnownTypesTests {
    let registry = SchemaRegistry(messages: [
        MessageSchema(name: "t.Price", fields: [
            FieldSchema(number: 1, name: "price", jsonName: "price", kind: .message, typeName: "cerniq.common.v1.Decimal"),
            FieldSchema(number: 2, name: "created_at", jsonName: "createdAt", kind: .message, typeName: "cerniq.common.v1.Timestamp"),
        ]),
    ]).merging(CommonMetadata.registry)

    func roundTrip(_ json: String) throws -> String {
        let transcoder = JSONTranscoder(registry: registry)
        let bytes = try transcoder.encode(json: Array(json.utf8), messageType: "t.Price")
        return String(decoding: try transcoder.decode(bytes, messageType: "t.Price"), as: UTF8.self)
    }

    @Test func decimalIsAJSONNumber_withItsDigitsKeptExactly() throws {
        let json = try roundTrip(#"{"price": 12345678901234567890.10, "createdAt": "2026-01-18T10:30:00.250Z"}"#)
        #expect(json.contains(#""price":12345678901234567890.10"#))
        #expect(json.contains(#""createdAt":"2026-01-18T10:30:00.250Z""#))
    }

    @Test func decimalTravelsAsTheProtoMessage() throws {
        let bytes = try JSONTranscoder(registry: registry).encode(json: Array(#"{"price": "0.05"}"#.utf8), messageType: "t.Price")
        // Field 1, length-delimited, holding a Decimal whose field 1 is the text.
        #expect(bytes == [0x0A, 6, 0x0A, 4] + Array("0.05".utf8))
    }

    @Test func rejectsFloatsWithExponents_andBadTimestamps() {
        let transcoder = JSONTranscoder(registry: registry)
        #expect(throws: TranscodingError.self) {
            try transcoder.encode(json: Array(#"{"price": 1e3}"#.utf8), messageType: "t.Price")
        }
        #expect(throws: TranscodingError.self) {
            try transcoder.encode(json: Array(#"{"createdAt": "yesterday"}"#.utf8), messageType: "t.Price")
        }
    }
}
