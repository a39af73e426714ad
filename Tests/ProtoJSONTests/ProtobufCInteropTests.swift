import Testing
import RPCCore
import CommonAPI
import TestingAPI
@testable import ProtoJSON

/// The hand-written codec against protobuf-c (through the generated `Sample`): each reads
/// what the other writes, over every field kind, packed lists, maps, oneofs and recursion.
@Suite struct ProtobufCInteropTests {
    let transcoder = JSONTranscoder(registry: TestingMetadata.registry.merging(CommonMetadata.registry))
    static let sampleType = "cerniq.testing.v1.Sample"

    static let sampleJSON = #"""
    {"fDouble":-1.25,"fFloat":0.5,"fInt64":"-9007199254740993","fUint64":"18446744073709551615","fInt32":-42,
     "fFixed64":"9007199254740993","fFixed32":4294967295,"fBool":true,"fString":"ș😀","fBytes":"AAH/",
     "fUint32":7,"fSfixed32":-7,"fSfixed64":-8,"fSint32":-2147483648,"fSint64":"9223372036854775807",
     "priority":"urgent","id":"s-1","label":"shown","inner":{"name":"in","value":3,"kind":"KIND_BRANCH"},"kind":1,
     "inners":[{"name":"a"},{"value":-1}],"numbers":[1,-1,300],"tags":["x",""],"blobs":["AQ==",""],
     "priorities":["low","urgent"],"flags":[true,false],"ratios":[0.25,-2],"deltas":["-9007199254740993",5],
     "labels":{"k":"v","":"empty"},"innerById":{"-5":{"name":"neg"},"7":{}},"priorityByName":{"p":"high"},
     "byFlag":{"true":"yes","false":"no"},"blobById":{"18446744073709551615":"/w=="},
     "number":"-12345678901234567","price":{"amount":"12.50","currency":"RON"},
     "times":[{"seconds":"1700000000","nanos":5},{}],
     "tree":{"label":"root","left":{"leaf":"l"},"children":[{"label":"c1","right":{"label":"r"}}]}}
    """#

    /// Objects with members sorted by key, recursively, so map order does not matter.
    func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): .array(elements.map(normalized))
        case .object(let members): .object(members.map { .init($0.key, normalized($0.value)) }.sorted { $0.key < $1.key })
        default: value
        }
    }

    @Test func protobufCDecodesWhatProtoJSONEncodes_andBack() throws {
        let bytes = try transcoder.encode(json: Self.sampleJSON, messageType: Self.sampleType)
        let sample = try Sample(decoding: bytes)
        #expect(sample.fInt64 == -9_007_199_254_740_993)
        #expect(sample.fUint64 == .max)
        #expect(sample.fSint32 == .min)
        #expect(sample.fString == "ș😀")
        #expect(sample.fBytes == [0, 1, 255])
        #expect(sample.priority == .urgentNow)
        #expect(sample.displayName == "shown")
        #expect(sample.numbers == [1, -1, 300])
        #expect(sample.deltas == [-9_007_199_254_740_993, 5])
        #expect(sample.innerById[-5]?.name == "neg")
        #expect(sample.byFlag == [true: "yes", false: "no"])
        #expect(sample.blobById == [.max: [0xFF]])
        #expect(sample.choice == .number(-12_345_678_901_234_567))
        #expect(sample.price?.currency == "RON")
        #expect(sample.tree?.children.first?.label == "c1")

        // protobuf-c's own encoding reads back as the same document.
        let reencoded = sample.encoded()
        let original = try JSONParser.parse(transcoder.decode(bytes, messageType: Self.sampleType))
        let roundTripped = try JSONParser.parse(transcoder.decode(reencoded, messageType: Self.sampleType))
        #expect(normalized(roundTripped) == normalized(original))
        #expect(original["kind"] == .string("leaf"))
        #expect(original["inner"]?["kind"] == .string("branch"))
        // Timestamps read as RFC 3339, with every nanosecond kept.
        #expect(original["times"] == .array([.string("2023-11-14T22:13:20.000000005Z"), .string("1970-01-01T00:00:00.000Z")]))
        #expect(original["innerById"]?["7"] == .object([]))
    }

    @Test func protoJSONReadsAMessageBuiltWithTheGeneratedTypes() throws {
        var sample = Sample()
        sample.id = "g"
        sample.fSint64 = -3
        sample.choice = .default(false)
        sample.priorityByName = ["a": .high]
        sample.ratios = [1.5]
        let json = try transcoder.decode(sample.encoded(), messageType: Self.sampleType)
        #expect(normalized(try JSONParser.parse(json)) == normalized(try JSONParser.parse(
            #"{"fSint64":-3,"id":"g","ratios":[1.5],"priorityByName":{"a":"high"},"default":false}"#)))
    }

    @Test func rejectsASampleWithoutItsRequiredId() {
        #expect(throws: TranscodingError.self) { try transcoder.encode(json: #"{"fInt32":1}"#, messageType: Self.sampleType) }
    }
}
