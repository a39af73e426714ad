import Testing
import ProtoJSON
@testable import CLI

@Suite struct RequestTemplateTests {
    func template(_ json: String) throws -> RequestTemplate { try RequestTemplate(json: JSONParser.parse(json)) }

    @Test func leavesABodyWithoutMarkersUntemplated() throws {
        let plain = try template(#"{"text":"hello {{ not closed","n":[1,{"a":"b"}]}"#)
        #expect(!plain.isTemplated)
        var random = SplitMix64(seed: 1)
        #expect(plain.render(counter: 5, using: &random) == (try JSONParser.parse(#"{"text":"hello {{ not closed","n":[1,{"a":"b"}]}"#)))
    }

    @Test func substitutesTheCounterInsideText_andLeavesOtherValuesAlone() throws {
        let body = try template(#"{"text":"order-{{counter}}-x","n":7,"list":["{{counter}}","k"]}"#)
        #expect(body.isTemplated)
        var random = SplitMix64(seed: 1)
        #expect(body.render(counter: 42, using: &random) == (try JSONParser.parse(#"{"text":"order-42-x","n":7,"list":["42","k"]}"#)))
    }

    @Test func picksRandomChoicesAndIntegersWithinTheirBounds() throws {
        let body = try template(#"{"a":"{{random:red|green|blue}}","b":"{{randomInt:-3:3}}"}"#)
        var random = SplitMix64(seed: 7)
        var colours = Set<String>(), numbers = Set<Int>()
        for counter in 0..<500 as Range<UInt64> {
            let value = body.render(counter: counter, using: &random)
            guard case .string(let colour)? = value["a"], case .string(let number)? = value["b"] else {
                Issue.record("unexpected render \(value)")
                return
            }
            colours.insert(colour)
            numbers.insert(Int(number) ?? 99)
        }
        #expect(colours == ["red", "green", "blue"])
        #expect(numbers == Set(-3...3))
    }

    @Test func makesVersion4UUIDs() throws {
        var random = SplitMix64(seed: 3)
        var seen = Set<String>()
        for _ in 0..<100 {
            let uuid = RequestTemplate.uuid(using: &random)
            let parts = uuid.split(separator: "-")
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
            #expect(parts[2].first == "4")
            #expect("89ab".contains(parts[3].first!))
            seen.insert(uuid)
        }
        #expect(seen.count == 100)
    }

    @Test func splitsTextIntoSegments() throws {
        #expect(try RequestTemplate.parseSegments("a{{counter}}b{{ uuid }}") == [.literal("a"), .counter, .literal("b"), .uuid])
        #expect(try RequestTemplate.parseSegments("{{randomInt:1:100}}") == [.randomInt(1...100)])
        #expect(try RequestTemplate.parseSegments("{{random:x}}") == [.random(["x"])])
    }

    @Test(arguments: ["{{nope}}", "{{random:}}", "{{randomInt:5:1}}", "{{randomInt:a:b}}", "{{randomInt:1}}"])
    func rejectsMalformedMarkers(_ text: String) {
        #expect(throws: UsageError.self) { try RequestTemplate.parseSegments(text) }
    }
}
