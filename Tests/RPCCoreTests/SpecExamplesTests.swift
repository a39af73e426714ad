import Foundation
import Testing
@testable import RPCCore

/// Protos/README.md is the protocol; these tests hold the code to it.
struct SpecExamplesTests {
    struct Example {
        let title: String
        let bytes: [UInt8]
    }

    static func examples() throws -> [Example] {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protos/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var examples: [Example] = []
        for block in text.components(separatedBy: "```example\n").dropFirst() {
            let body = block.components(separatedBy: "```")[0]
            var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            let title = String(lines.removeFirst())
            let hex = lines.joined().filter { !$0.isWhitespace }
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
            examples.append(Example(title: title, bytes: bytes))
        }
        return examples
    }

    @Test func specHasAnExampleOfEveryFrameType() throws {
        let examples = try Self.examples()
        let types = Set(examples.compactMap { $0.bytes.count > 4 ? FrameType(rawValue: $0.bytes[4]) : nil })
        #expect(types == Set(FrameType.allCases))
    }

    @Test func decodesEveryExample_toItsTitle_andReencodesTheSameBytes() throws {
        for example in try Self.examples() {
            let decoder = FrameDecoder(maxFrameSize: 1 << 20)
            let frame = try example.bytes.withUnsafeBytes { raw -> Frame in
                let (header, payload) = try #require(try decoder.next(in: raw))
                #expect(FrameHeader.size + Int(header.length) == raw.count, "\(example.title): trailing bytes")
                return try Frame(header: header, payload: payload)
            }
            #expect(frame.description == example.title)
            var encoded: [UInt8] = []
            frame.encode(into: &encoded)
            #expect(encoded == example.bytes, "\(example.title)")
        }
    }
}
