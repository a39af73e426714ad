import Testing
@testable import ProtoJSON

@Suite struct JSONParserTests {
    @Test func parsesEveryValueType_keepingMemberOrderAndNumberText() throws {
        let value = try JSONParser.parse(#" {"b": [true, false, null], "a": -12.5e3, "big": 18446744073709551615, "s": "x"} "#)
        #expect(value == .object([
            .init("b", .array([.bool(true), .bool(false), .null])),
            .init("a", .number("-12.5e3")),
            .init("big", .number("18446744073709551615")),
            .init("s", .string("x")),
        ]))
    }

    @Test func distinguishesBooleansFromNumbers() throws {
        // The pitfall JSONSerialization has on Linux: 1 and true are both NSNumber there.
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("1") == .number("1"))
        #expect(try JSONParser.parse("0") == .number("0"))
    }

    @Test func decodesEscapes_includingSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#) == .string("a\"\\/\u{8}\u{c}\n\r\té😀"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "nul", "tru", "\"abc", "\"\\x\"",
        "\"\\ud800\"", "\"\\udc00x\"", "{1:2}", "[1 2]", "1 2", "\"\u{01}\"", "NaN", "Infinity", "'a'",
    ])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func rejectsNestingDeeperThanTheLimit_withoutOverflowingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        _ = try JSONParser.parse(ok)
    }

    @Test func writesCompactAndPrettyOutput_thatParsesBack() throws {
        let value = JSONValue.object([.init("a", .array([.integer(1), .string("x\n\"")])), .init("b", .object([])), .init("c", .null)])
        #expect(JSONWriter().string(value) == #"{"a":[1,"x\n\""],"b":{},"c":null}"#)
        #expect(JSONWriter(pretty: true).string(value) == "{\n  \"a\": [\n    1,\n    \"x\\n\\\"\"\n  ],\n  \"b\": {},\n  \"c\": null\n}")
        #expect(try JSONParser.parse(JSONWriter(pretty: true).write(value)) == value)
    }

    @Test func escapesControlCharacters() {
        #expect(JSONWriter().string(.string("\u{1}\t")) == #""\u0001\t""#)
    }

    @Test func writesDoublesShortestAndIntegralDoublesWithoutAFraction() {
        #expect(JSONValue.double(0.1) == .number("0.1"))
        #expect(JSONValue.double(3) == .number("3"))
        #expect(JSONValue.double(.infinity) == .string("Infinity"))
        #expect(JSONValue.float(0.1) == .number("0.1"))
    }
}
