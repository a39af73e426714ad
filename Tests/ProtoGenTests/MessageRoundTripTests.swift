import CommonAPI
import RPCCore
import Testing
import TestingAPI

@Suite("Generated messages through protobuf-c")
struct MessageRoundTripTests {
    @Test func roundTripsEveryFieldKind_throughProtobufC() throws {
        let sample = makeSample()
        #expect(try roundTrip(sample) == sample)
    }

    @Test func roundTripsScalarExtremes_throughProtobufC() throws {
        let sample = Sample(fDouble: .greatestFiniteMagnitude, fFloat: -.leastNonzeroMagnitude, fInt64: .max, fUint64: .max,
                            fInt32: .max, fFixed64: .max, fFixed32: .max, fSfixed32: .min, fSfixed64: .max,
                            fSint32: .min, fSint64: .min)
        #expect(try roundTrip(sample) == sample)
    }

    @Test func roundTripsRepeatedFields_throughProtobufC() throws {
        let sample = Sample(inners: [Sample.Inner(name: "a"), Sample.Inner(value: 2)], numbers: [3, -4], tags: ["t", "", "u"],
                            blobs: [[], [0]], priorities: [.high, .unspecified], flags: [false, true],
                            ratios: [1.0 / 3.0], deltas: [.min, .max])
        let decoded = try roundTrip(sample)
        #expect(decoded == sample)
        #expect(decoded.tags == ["t", "", "u"])
    }

    @Test func roundTripsMapFields_throughProtobufC() throws {
        let sample = Sample(labels: ["k": "v", "": ""], innerById: [1: Sample.Inner(name: "one"), 0: Sample.Inner()],
                            priorityByName: ["p": .low], byFlag: [false: "f", true: "t"], blobById: [.max: [1], 2: []])
        let decoded = try roundTrip(sample)
        #expect(decoded == sample)
        #expect(decoded.innerById[0] == Sample.Inner())
    }

    @Test func encodesMapsSortedByKey_soEqualMapsGiveEqualBytes() {
        var labels: [String: String] = [:]
        labels["b"] = "2"
        labels["a"] = "1"
        // Field 30, length-delimited (0xF2 0x01), one entry {1: key, 2: value} per key, "a" first.
        let expected: [UInt8] = [0xF2, 0x01, 6, 0x0A, 1, 0x61, 0x12, 1, 0x31, 0xF2, 0x01, 6, 0x0A, 1, 0x62, 0x12, 1, 0x32]
        #expect(Sample(labels: labels).encoded() == expected)
        #expect(Sample(byFlag: [true: "t", false: "f"]).encoded() == Sample(byFlag: [false: "f", true: "t"]).encoded())
    }

    @Test(arguments: [
        Sample.OneOf_Choice.text("t"), .text(""), .number(0), .number(.min), .message(Sample.Inner(name: "m")),
        .message(Sample.Inner()), .level(.high), .level(.unspecified), .raw([1, 0]), .raw([]), .default(true), .default(false),
    ])
    func roundTripsEveryOneofCase_evenAtDefaultValues(_ choice: Sample.OneOf_Choice) throws {
        let decoded = try roundTrip(Sample(choice: choice))
        #expect(decoded.choice == choice)
    }

    @Test func decodesUnsetOneof_asNil() throws {
        #expect(try roundTrip(Sample(id: "x")).choice == nil)
    }

    @Test func roundTripsNestedAndCrossPackageMessages() throws {
        let sample = Sample(inner: Sample.Inner(name: "n", value: 1, kind: .leaf), kind: .branch,
                            price: Money(amount: "-0.01", currency: "EUR"), times: [Timestamp(seconds: -1, nanos: 999_999_999)])
        let decoded = try roundTrip(sample)
        #expect(decoded == sample)
        #expect(decoded.price?.amount == "-0.01")
    }

    @Test func distinguishesAbsentSubmessage_fromEmptyOne() throws {
        #expect(try roundTrip(Sample()).inner == nil)
        #expect(try roundTrip(Sample(inner: Sample.Inner())).inner == Sample.Inner())
    }

    @Test func roundTripsRecursiveMessages_throughBoxedFields() throws {
        var tree = Tree(label: "root")
        tree.left = Tree(label: "left", left: Tree(label: "left-left"))
        tree.children = [Tree(label: "child", payload: .right(Tree(label: "deep")))]
        tree.payload = .right(Tree(label: "right", payload: .leaf("leaf")))
        let decoded = try roundTrip(tree)
        #expect(decoded == tree)
        #expect(decoded.left?.left?.label == "left-left")
    }

    @Test func encodesEmptyMessage_asNoBytes_andDecodesNoBytes_asDefaults() throws {
        #expect(FailResponse().encoded() == [])
        #expect(Sample().encoded() == [])
        #expect(try FailResponse(decoding: []) == FailResponse())
        #expect(try Sample(decoding: []) == Sample())
    }

    @Test func matchesTheStandardProtobufEncoding() throws {
        let request = EchoRequest(payload: [1, 2], text: "hi")
        #expect(request.encoded() == [0x0A, 2, 1, 2, 0x12, 2, 0x68, 0x69])
        #expect(try EchoRequest(decoding: [0x12, 2, 0x68, 0x69, 0x0A, 2, 1, 2]) == request)
    }

    @Test func appendsToExistingOutput() {
        var output: [UInt8] = [0xAA]
        EchoRequest(text: "a").encode(into: &output)
        #expect(output == [0xAA, 0x12, 1, 0x61])
    }

    @Test func decodesUnknownEnumNumber_asZeroCase() throws {
        // Field 16 (priority), varint 99: a number Priority does not declare.
        let sample = try Sample(decoding: [0x80, 0x01, 99])
        #expect(sample.priority == .unspecified)
        #expect(Priority(protoNumber: 99) == .unspecified)
        #expect(Priority(protoNumber: 3) == .urgentNow)
    }

    @Test func skipsUnknownFields() throws {
        // Field 99 (varint 1), then text "a".
        let request = try EchoRequest(decoding: [0x98, 0x06, 1, 0x12, 1, 0x61])
        #expect(request == EchoRequest(text: "a"))
    }

    @Test func roundTripsCommonMessages() throws {
        var details = StatusDetails(code: "VAL_DUPLICATE", message: "duplicate sku")
        details.violations = [FieldViolation(field: "sku", message: "taken", code: "VAL_DUPLICATE")]
        details.metadata = ["sku": "A-1"]
        #expect(try roundTrip(details) == details)
        let principal = Principal(tenantId: "t", userId: "u", email: "e@x.ro", roles: ["admin"], permissions: ["a:b"])
        #expect(try roundTrip(principal) == principal)
    }
}
