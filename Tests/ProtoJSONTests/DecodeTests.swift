import Testing
@testable import ProtoJSON

/// Wire bytes to JSON.
@Suite struct DecodeTests {
    @Test func decodesScalars_omittingZeroValues() throws {
        #expect(try Fixtures.decode([0x28, 0x96, 0x01, 0x40, 0]) == #"{"int32Value":150}"#)
    }

    @Test func writes64BitIntegers_asNumbersUpTo2e53_andStringsAbove() throws {
        let small = try Fixtures.encode(#"{"int64Value":9007199254740992,"uint64Value":"9007199254740993"}"#)
        #expect(try Fixtures.decode(small) == #"{"int64Value":9007199254740992,"uint64Value":"9007199254740993"}"#)
        let negative = try Fixtures.encode(#"{"sint64Value":"-9007199254740993","sfixed64Value":-9007199254740992}"#)
        #expect(try Fixtures.decode(negative) == #"{"sfixed64Value":-9007199254740992,"sint64Value":"-9007199254740993"}"#)
    }

    @Test func writesEnumsWithTheirJSONSpelling_andUnknownNumbersAsNumbers() throws {
        #expect(try Fixtures.decode([0x70, 2]) == #"{"status":"in_progress"}"#)
        #expect(try Fixtures.decode([0x70, 9]) == #"{"status":9}"#)
    }

    @Test func writesBytesAsBase64() throws {
        #expect(try Fixtures.decode([0x52, 3, 0xFB, 0xFF, 0x00]) == #"{"bytesValue":"+/8A"}"#)
    }

    @Test func readsPackedAndUnpackedRepeatedNumbers_intoOneList() throws {
        let bytes: [UInt8] = [0x0A, 1, 0x6F, 0x38, 5, 0x3A, 2, 1, 2, 0x38, 3]
        #expect(try Fixtures.decode(bytes, "t.v1.Order") == #"{"id":"o","codes":[5,1,2,3]}"#)
    }

    @Test func mergesASingularMessageThatOccursTwice() throws {
        // scalars { int32Value: 1 } then scalars { boolValue: true }
        let bytes: [UInt8] = [0x0A, 1, 0x6F, 0x62, 2, 0x28, 1, 0x62, 2, 0x40, 1]
        #expect(try Fixtures.decode(bytes, "t.v1.Order") == #"{"id":"o","scalars":{"int32Value":1,"boolValue":true}}"#)
    }

    @Test func writesAnEmptyPresentMessage_andAOneofMemberAtZero() throws {
        let bytes: [UInt8] = [0x30, 0, 0x62, 0]
        #expect(try Fixtures.decode(bytes, "t.v1.Order") == #"{"invoiceNumber":0,"scalars":{}}"#)
    }

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        let bytes: [UInt8] = [0xA0, 0x06, 1,  // field 100 varint
                              0xA9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8,  // field 101 fixed64
                              0xB2, 0x06, 2, 9, 9,  // field 102 bytes
                              0xBD, 0x06, 1, 2, 3, 4,  // field 103 fixed32
                              0x28, 7]
        #expect(try Fixtures.decode(bytes) == #"{"int32Value":7}"#)
    }

    @Test func letsALaterMapEntryReplaceAnEarlierOneWithTheSameKey() throws {
        let bytes: [UInt8] = [0x1A, 5, 0x0A, 1, 0x61, 0x10, 1, 0x1A, 5, 0x0A, 1, 0x61, 0x10, 2, 0x1A, 2, 0x10, 3]
        #expect(try Fixtures.decode(bytes, "t.v1.Order") == #"{"labels":{"a":2,"":3}}"#)
    }

    @Test func writesZeroValues_whenAskedTo() throws {
        let json = try Fixtures.decode([], "t.v1.Item", .init(includeDefaultValues: true))
        #expect(json == #"{"sku":"","quantity":0,"unitPrice":0}"#)
        let order = try Fixtures.decode([], "t.v1.Order", .init(includeDefaultValues: true))
        #expect(order == #"{"id":"","items":[],"labels":{},"itemsById":{},"codes":[],"tags":[],"status":"unspecified","history":[],"flags":{},"prices":[],"blobs":[]}"#)
    }

    @Test func prettyPrints_whenAskedTo() throws {
        #expect(try Fixtures.decode([0x28, 1], "t.v1.Scalars", .init(prettyPrint: true)) == "{\n  \"int32Value\": 1\n}")
    }

    @Test(arguments: [
        [0x28] as [UInt8],  // truncated varint
        [0x28, 0x80],  // varint without its end
        [0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],  // the tenth byte overflows 64 bits
        [0x4A, 5, 0x61],  // length past the end
        [0x0D, 1, 2],  // truncated fixed32
        [0x09, 1],  // truncated fixed64
        [0x2A, 0],  // int32 field with the length-delimited wire type
        [0x0B],  // group start: unsupported wire type
        [0x00, 1],  // field number 0
    ])
    func reportsMalformedBytes(_ bytes: [UInt8]) {
        let error = Fixtures.transcodingError { _ = try Fixtures.decode(bytes) }
        #expect(error?.code == .malformedMessage)
    }

    @Test func namesTheFieldWhereMalformedBytesWereFound() {
        let error = Fixtures.transcodingError { _ = try Fixtures.decode([0x0A, 1, 0x6F, 0x12, 2, 0x10, 0x80], "t.v1.Order") }
        #expect(error?.field == "items[0].quantity")
    }
}
