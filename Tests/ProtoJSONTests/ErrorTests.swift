import Testing
@testable import ProtoJSON

/// Every error code, with the field path it names.
@Suite struct ErrorTests {
    func error(_ json: String, _ type: String = "t.v1.Scalars") -> TranscodingError? {
        Fixtures.transcodingError { _ = try Fixtures.encode(json, type) }
    }

    @Test func reportsUnknownFields() {
        let error = error(#"{"nope":1}"#)
        #expect(error?.code == .unknownField)
        #expect(error?.field == "nope")
    }

    @Test(arguments: [
        (#"{"int32Value":"abc"}"#, "int32Value"), (#"{"int32Value":1.5}"#, "int32Value"), (#"{"int32Value":true}"#, "int32Value"),
        (#"{"boolValue":1}"#, "boolValue"), (#"{"boolValue":"true"}"#, "boolValue"), (#"{"stringValue":5}"#, "stringValue"),
        (#"{"doubleValue":"1.5x"}"#, "doubleValue"), (#"{"item":[]}"#, "item"), (#"{"item":{"sku":1}}"#, "item.sku"),
        (#"{"status":true}"#, "status"), (#"{"bytesValue":5}"#, "bytesValue"), (#"{"int64Value":" 1"}"#, "int64Value"),
    ])
    func reportsValuesOfTheWrongType(_ json: String, _ field: String) {
        let error = error(json)
        #expect(error?.code == .invalidType)
        #expect(error?.field == field)
    }

    @Test func reportsAMessageThatIsNotAnObject() {
        #expect(error("[1]")?.code == .invalidType)
        #expect(error("[1]")?.field == "")
    }

    @Test func reportsMissingRequiredFields_absentOrNull() {
        #expect(error(#"{}"#, "t.v1.Item")?.code == .requiredField)
        #expect(error(#"{"sku":null}"#, "t.v1.Item")?.field == "sku")
    }

    @Test func reportsUnknownEnumSpellingsAndNumbers() {
        #expect(error(#"{"status":"done"}"#)?.code == .invalidEnum)
        #expect(error(#"{"status":7}"#)?.code == .invalidEnum)
        #expect(error(#"{"status":"done"}"#)?.message.contains("in_progress") == true)
    }

    @Test func reportsMalformedJSON() {
        let error = error(#"{"int32Value":"#)
        #expect(error?.code == .malformedJSON)
        #expect(error?.field == "")
    }

    @Test(arguments: [
        (#"{"int32Value":2147483648}"#, "int32Value"), (#"{"int32Value":-2147483649}"#, "int32Value"),
        (#"{"uint32Value":-1}"#, "uint32Value"), (#"{"uint32Value":4294967296}"#, "uint32Value"),
        (#"{"int64Value":"9223372036854775808"}"#, "int64Value"), (#"{"uint64Value":18446744073709551616}"#, "uint64Value"),
        (#"{"fixed32Value":-1}"#, "fixed32Value"), (#"{"sint32Value":1e10}"#, "sint32Value"),
        (#"{"floatValue":1e39}"#, "floatValue"), (#"{"doubleValue":1e400}"#, "doubleValue"),
    ])
    func reportsNumbersOutOfRange(_ json: String, _ field: String) {
        let error = error(json)
        #expect(error?.code == .outOfRange)
        #expect(error?.field == field)
    }

    @Test func acceptsTheExtremesOfEachRange() throws {
        _ = try Fixtures.encode(#"{"int32Value":-2147483648,"uint32Value":4294967295,"int64Value":"-9223372036854775808"}"#)
        _ = try Fixtures.encode(#"{"uint64Value":"18446744073709551615","sfixed64Value":"9223372036854775807"}"#)
    }

    @Test func reportsBytesThatAreNotBase64() {
        #expect(error(#"{"bytesValue":"!!"}"#)?.code == .invalidFormat)
    }

    @Test func reportsTwoMembersOfOneOneof() {
        let error = error(#"{"id":"o","cardToken":"t","invoiceNumber":1}"#, "t.v1.Order")
        #expect(error?.code == .duplicateField)
        #expect(error?.field == "invoiceNumber")
    }

    @Test func reportsAFieldSetByBothItsNames() {
        #expect(error(#"{"int32Value":1,"int32_value":2}"#)?.code == .duplicateField)
    }

    @Test func reportsAnUnknownMessageType() {
        #expect(error("{}", "t.v1.Nope")?.code == .unknownType)
    }

    @Test func collectsEveryViolation_withPathsIntoListsAndMaps() {
        let json = #"""
        {"items":[{"sku":"a"},{"sku":"b","quantity":"x"},{"quantity":99999999999}],
         "labels":{"k":"v"}, "itemsById":{"x":{"sku":"c"}}, "nope":1, "status":"gone", "codes":[1,null]}
        """#
        guard let error = error(json, "t.v1.Order") else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == .multipleErrors)
        #expect(error.field == nil)
        let found = Set(error.violations.map { "\($0.code.rawValue) \($0.field)" })
        #expect(found == [
            "VAL_UNKNOWN_FIELD nope",
            "VAL_REQUIRED_FIELD id",
            "VAL_INVALID_TYPE items[1].quantity",
            "VAL_REQUIRED_FIELD items[2].sku",
            "VAL_OUT_OF_RANGE items[2].quantity",
            "VAL_INVALID_TYPE labels[\"k\"]",
            "VAL_INVALID_TYPE itemsById[\"x\"]",
            "VAL_INVALID_TYPE codes[1]",
            "VAL_INVALID_ENUM status",
        ])
    }

    @Test func describesItselfWithEveryViolation() {
        let error = TranscodingError(violations: [
            .init(field: "a", code: .invalidType, message: "m1"), .init(field: "", code: .malformedJSON, message: "m2"),
        ])
        #expect(error.description == "VAL_INVALID_TYPE at a: m1; VAL_MALFORMED_JSON: m2")
        #expect(error.message == "validation failed with 2 errors")
    }
}
