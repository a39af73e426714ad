import Testing
@testable import ProtoJSON

/// JSON to wire bytes, checked against encodings worked out from the protobuf encoding guide.
@Suite struct EncodeTests {
    @Test func encodesVarintFields_asTheEncodingGuideShows() throws {
        // Field 5 (int32) = 150: tag 0x28, varint 96 01.
        #expect(try Fixtures.encode(#"{"int32Value":150}"#) == [0x28, 0x96, 0x01])
    }

    @Test func encodesNegativeInt32_asTenByteSignExtendedVarint() throws {
        #expect(try Fixtures.encode(#"{"int32Value":-1}"#) == [0x28] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func encodesSint_withZigZag() throws {
        #expect(try Fixtures.encode(#"{"sint32Value":-1}"#) == [0x88, 0x01, 0x01])
        #expect(try Fixtures.encode(#"{"sint64Value":"-2147483648"}"#) == [0x90, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
    }

    @Test func encodesFixedWidthKinds_littleEndian() throws {
        #expect(try Fixtures.encode(#"{"fixed32Value":1}"#) == [0x3D, 1, 0, 0, 0])
        #expect(try Fixtures.encode(#"{"sfixed32Value":-2}"#) == [0x7D, 0xFE, 0xFF, 0xFF, 0xFF])
        #expect(try Fixtures.encode(#"{"fixed64Value":"18446744073709551615"}"#) == [0x31] + [UInt8](repeating: 0xFF, count: 8))
        #expect(try Fixtures.encode(#"{"sfixed64Value":-1}"#) == [0x81, 0x01] + [UInt8](repeating: 0xFF, count: 8))
        #expect(try Fixtures.encode(#"{"doubleValue":1.5}"#) == [0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
        #expect(try Fixtures.encode(#"{"floatValue":1.5}"#) == [0x15, 0, 0, 0xC0, 0x3F])
    }

    @Test func encodesStringsBytesBoolsAndEnums() throws {
        #expect(try Fixtures.encode(#"{"stringValue":"hé"}"#) == [0x4A, 3, 0x68, 0xC3, 0xA9])
        #expect(try Fixtures.encode(#"{"bytesValue":"AQI="}"#) == [0x52, 2, 1, 2])
        #expect(try Fixtures.encode(#"{"boolValue":true}"#) == [0x40, 1])
        #expect(try Fixtures.encode(#"{"status":"in_progress"}"#) == [0x70, 2])
    }

    @Test func acceptsEnumsByProtoNameAndByNumber() throws {
        #expect(try Fixtures.encode(#"{"status":"STATUS_ACTIVE"}"#) == [0x70, 1])
        #expect(try Fixtures.encode(#"{"status":2}"#) == [0x70, 2])
    }

    @Test func acceptsProtoNamesAsWellAsJSONNames() throws {
        #expect(try Fixtures.encode(#"{"int32_value":150}"#) == [0x28, 0x96, 0x01])
    }

    @Test func acceptsNumbersAsStrings_andIntegralExponents() throws {
        #expect(try Fixtures.encode(#"{"int32Value":"150"}"#) == [0x28, 0x96, 0x01])
        #expect(try Fixtures.encode(#"{"int32Value":1.5e2}"#) == [0x28, 0x96, 0x01])
        #expect(try Fixtures.encode(#"{"uint64Value":18446744073709551615}"#) == [0x20] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        #expect(try Fixtures.encode(#"{"doubleValue":"NaN"}"#).count == 9)
    }

    @Test func treatsNullAsAbsent() throws {
        #expect(try Fixtures.encode(#"{"int32Value":null,"item":null}"#) == [])
    }

    @Test func encodesRepeatedNumbersPacked_andStringsAndMessagesUnpacked() throws {
        let bytes = try Fixtures.encode(#"{"id":"o","codes":[1,2,300],"tags":["a","b"],"items":[{"sku":"x"}]}"#, "t.v1.Order")
        #expect(bytes == [0x0A, 1, 0x6F,  // id
                          0x12, 3, 0x0A, 1, 0x78,  // items[0]
                          0x3A, 4, 1, 2, 0xAC, 0x02,  // codes, packed
                          0x42, 1, 0x61, 0x42, 1, 0x62])  // tags
    }

    @Test func encodesFieldsInNumberOrder_whateverTheJSONOrder() throws {
        #expect(try Fixtures.encode(#"{"boolValue":true,"int32Value":1}"#) == [0x28, 1, 0x40, 1])
    }

    @Test func encodesMaps_asRepeatedEntries() throws {
        let bytes = try Fixtures.encode(#"{"id":"o","labels":{"a":1},"itemsById":{"7":{"sku":"x"}},"flags":{"true":"y"}}"#, "t.v1.Order")
        #expect(bytes == [0x0A, 1, 0x6F,
                          0x1A, 5, 0x0A, 1, 0x61, 0x10, 1,  // labels entry: key "a", value 1
                          0x22, 7, 0x08, 7, 0x12, 3, 0x0A, 1, 0x78,  // itemsById entry: key 7, value {sku:"x"}
                          0x6A, 5, 0x08, 1, 0x12, 1, 0x79])  // flags entry: key true, value "y"
    }

    @Test func encodesAOneofMember_evenAtItsZeroValue() throws {
        #expect(try Fixtures.encode(#"{"id":"o","invoiceNumber":0}"#, "t.v1.Order") == [0x0A, 1, 0x6F, 0x30, 0])
    }

    @Test func ignoresUnknownFields_whenAskedTo() throws {
        let lenient = JSONTranscoder(registry: Fixtures.registry, options: .init(ignoreUnknownFields: true))
        #expect(try lenient.encode(json: #"{"nope":1,"int32Value":1}"#, messageType: "t.v1.Scalars") == [0x28, 1])
    }
}
