import Testing
@testable import ProtoJSON

/// JSON to bytes and back gives the same JSON (in canonical form: declaration order, zero values omitted).
@Suite struct RoundTripTests {
    @Test(arguments: [
        #"{"doubleValue":-2.5,"floatValue":0.1,"int64Value":-5,"uint64Value":"18446744073709551615","int32Value":-7,"fixed64Value":9,"fixed32Value":4294967295,"boolValue":true,"stringValue":"é\n😀","bytesValue":"AAEC/w==","uint32Value":4294967295,"status":"active","sfixed32Value":-2147483648,"sfixed64Value":"-9223372036854775808","sint32Value":2147483647,"sint64Value":"9223372036854775807","item":{"sku":"s","quantity":2,"unitPrice":9.99}}"#,
        #"{"doubleValue":"NaN","floatValue":"-Infinity"}"#,
        #"{"doubleValue":1e+300,"floatValue":3.4028235e+38}"#,
    ])
    func roundTripsEveryScalarKind(_ json: String) throws {
        let bytes = try Fixtures.encode(json)
        #expect(try Fixtures.decode(bytes) == json)
    }

    @Test func roundTripsListsMapsOneofsEnumsAndRecursion() throws {
        let json = #"{"id":"o-1","items":[{"sku":"a","quantity":1},{"sku":"b","unitPrice":0.5}],"labels":{"x":1,"y":-2},"itemsById":{"-3":{"sku":"c"},"9007199254740993":{"sku":"d"}},"cardToken":"tok","codes":[1,-1,300],"tags":["p","q"],"status":"in_progress","history":["active","in_progress"],"parent":{"id":"o-0","invoiceNumber":"12345678901234567"},"flags":{"true":"t","false":"f"},"prices":[1.5,-0.25],"blobs":["AQ==",""]}"#
        let bytes = try Fixtures.encode(json, "t.v1.Order")
        let decoded = try Fixtures.decode(bytes, "t.v1.Order")
        #expect(decoded == json)
    }

    @Test func canonicalizesInput_toJSONNamesAndDeclarationOrder() throws {
        let bytes = try Fixtures.encode(#"{"bool_value":true,"int32Value":"3","status":1,"uint64Value":0}"#)
        #expect(try Fixtures.decode(bytes) == #"{"int32Value":3,"boolValue":true,"status":"active"}"#)
    }
}
