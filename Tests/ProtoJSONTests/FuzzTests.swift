import Testing
@testable import ProtoJSON

/// Random and mutated input never traps; it decodes or throws `TranscodingError`.
@Suite struct FuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let types = ["t.v1.Order", "t.v1.Scalars", "t.v1.Item", "t.v1.Order.ItemsByIdEntry"]

    @Test func decodingRandomBytesNeverTraps() {
        var random = SplitMix(state: 1)
        let lenient = JSONTranscoder(registry: Fixtures.registry, options: .init(includeDefaultValues: true))
        for round in 0..<20_000 {
            let count = Int.random(in: 0...64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let type = Self.types[round % Self.types.count]
            _ = try? Fixtures.transcoder.decode(bytes, messageType: type)
            _ = try? lenient.decode(bytes, messageType: type)
        }
    }

    @Test func decodingMutatedValidMessagesNeverTraps_andValidOutputParsesAsJSON() throws {
        var random = SplitMix(state: 2)
        let seed = try Fixtures.encode(#"{"id":"o","items":[{"sku":"a","quantity":3}],"labels":{"x":1},"itemsById":{"5":{"sku":"c"}},"codes":[1,300],"parent":{"id":"p","scalars":{"doubleValue":1.5,"bytesValue":"AQ=="}},"history":["active"]}"#, "t.v1.Order")
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
                default: if bytes.count > 1 { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random)) }
                }
            }
            if let json = try? Fixtures.transcoder.decode(bytes, messageType: "t.v1.Order") {
                #expect((try? JSONParser.parse(json)) != nil)
            }
        }
    }

    @Test func deeplyNestedMessagesAreRejected_notOverflowingTheStack() {
        // parent { parent { ... } } 200 deep.
        var bytes: [UInt8] = []
        for _ in 0..<200 {
            var writer = WireWriter()
            writer.tag(11, .lengthDelimited)
            writer.lengthDelimited(bytes)
            bytes = writer.bytes
        }
        let error = Fixtures.transcodingError { _ = try Fixtures.decode(bytes, "t.v1.Order") }
        #expect(error?.code == .malformedMessage)
        let json = String(repeating: #"{"parent":"#, count: 120) + "{}" + String(repeating: "}", count: 120)
        #expect(Fixtures.transcodingError { _ = try Fixtures.encode(json, "t.v1.Order") } != nil)
    }

    @Test func encodingRandomJSONTextNeverTraps() {
        var random = SplitMix(state: 3)
        let alphabet = Array(#"{}[]:,"0123456789-+.eE truefalsnul\abcdefghijklmnopqrstuvwxyzIV_"#.utf8)
        let names = ["\"id\"", "\"items\"", "\"labels\"", "\"codes\"", "\"status\"", "\"parent\"", "\"scalars\"", "\"itemsById\"", "\"sku\""]
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...48, using: &random) {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text.append(contentsOf: names.randomElement(using: &random)!.utf8)
                } else {
                    text.append(alphabet.randomElement(using: &random)!)
                }
            }
            _ = try? Fixtures.transcoder.encode(json: text, messageType: "t.v1.Order")
        }
    }

    @Test func encodingRandomValuesForEveryFieldNeverTraps() {
        var random = SplitMix(state: 4)
        let values: [String] = ["null", "true", "0", "-1", "1.5", "1e999", "\"x\"", "\"AQ==\"", "[]", "[1,null]", "{}", #"{"a":1}"#,
                                "\"18446744073709551616\"", "\"-0\"", "\"NaN\"", "[{}]", #"{"1":{"sku":"a"}}"#]
        let fields = Fixtures.order.fields.map(\.jsonName) + Fixtures.scalars.fields.map(\.jsonName)
        for _ in 0..<5_000 {
            let members = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                "\"\(fields.randomElement(using: &random)!)\":\(values.randomElement(using: &random)!)"
            }
            let json = "{" + members.joined(separator: ",") + "}"
            _ = try? Fixtures.encode(json, "t.v1.Order")
            _ = try? Fixtures.encode(json, "t.v1.Scalars")
        }
    }
}
