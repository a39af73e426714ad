import Foundation
import ProtoJSON

/// A load test's request body with per-request substitutions in its string values:
///
/// - `{{counter}}`: the request's sequence number (unique within a run, from 0)
/// - `{{random:a|b|c}}`: one of the listed values, picked uniformly
/// - `{{uuid}}`: a random version-4 UUID
/// - `{{randomInt:1:100}}`: an integer in the closed range
///
/// The JSON is parsed and the markers compiled once; rendering walks only the templated
/// values. A numeric field may be templated too: `"quantity": "{{randomInt:1:9}}"` renders
/// the string `"7"`, which the proto3 JSON mapping accepts for numbers.
public struct RequestTemplate: Sendable {
    /// One piece of a templated string.
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case counter
        case random([String])
        case uuid
        case randomInt(ClosedRange<Int64>)
    }

    /// A JSON value whose strings may hold segments.
    indirect enum Node: Sendable {
        case constant(JSONValue)
        case string([Segment])
        case array([Node])
        case object([(key: String, node: Node)])
    }

    let root: Node

    /// True when some string holds a marker, so each request must be rendered.
    public var isTemplated: Bool {
        if case .constant = root { return false }
        return true
    }

    /// Compiles `json`; an unknown or malformed marker is a `UsageError`.
    public init(json: JSONValue) throws(UsageError) {
        root = try Self.compile(json)
    }

    /// The document with fresh substitutions for request number `counter`.
    public func render<R: RandomNumberGenerator>(counter: UInt64, using random: inout R) -> JSONValue {
        Self.render(root, counter: counter, using: &random)
    }

    // MARK: Compiling

    static func compile(_ value: JSONValue) throws(UsageError) -> Node {
        switch value {
        case .string(let text):
            let segments = try parseSegments(text)
            if segments.allSatisfy({ if case .literal = $0 { true } else { false } }) { return .constant(value) }
            return .string(segments)
        case .array(let elements):
            var nodes: [Node] = []
            for element in elements { nodes.append(try compile(element)) }
            return nodes.allSatisfy(\.isConstant) ? .constant(value) : .array(nodes)
        case .object(let members):
            var nodes: [(key: String, node: Node)] = []
            for member in members { nodes.append((member.key, try compile(member.value))) }
            return nodes.allSatisfy(\.node.isConstant) ? .constant(value) : .object(nodes)
        default:
            return .constant(value)
        }
    }

    /// Splits a string at `{{...}}` markers.
    public static func parseSegments(_ text: String) throws(UsageError) -> [Segment] {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            if open.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<open.lowerBound]))) }
            segments.append(try marker(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        return segments
    }

    static func marker(_ body: String) throws(UsageError) -> Segment {
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        if trimmed == "counter" { return .counter }
        if trimmed == "uuid" { return .uuid }
        if trimmed.hasPrefix("random:") {
            let choices = trimmed.dropFirst("random:".count).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard !choices.isEmpty, !(choices.count == 1 && choices[0].isEmpty) else {
                throw UsageError("template {{\(body)}}: random needs at least one choice, e.g. {{random:a|b}}")
            }
            return .random(choices)
        }
        if trimmed.hasPrefix("randomInt:") {
            let bounds = trimmed.dropFirst("randomInt:".count).split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 2, let low = Int64(bounds[0]), let high = Int64(bounds[1]), low <= high else {
                throw UsageError("template {{\(body)}}: expected {{randomInt:LOW:HIGH}} with LOW <= HIGH")
            }
            return .randomInt(low...high)
        }
        throw UsageError("template {{\(body)}}: unknown marker (use counter, uuid, random:a|b, randomInt:LOW:HIGH)")
    }

    // MARK: Rendering

    static func render<R: RandomNumberGenerator>(_ node: Node, counter: UInt64, using random: inout R) -> JSONValue {
        switch node {
        case .constant(let value):
            return value
        case .string(let segments):
            var text = ""
            for segment in segments {
                switch segment {
                case .literal(let literal): text += literal
                case .counter: text += String(counter)
                case .random(let choices): text += choices[Int.random(in: 0..<choices.count, using: &random)]
                case .uuid: text += uuid(using: &random)
                case .randomInt(let range): text += String(Int64.random(in: range, using: &random))
                }
            }
            return .string(text)
        case .array(let nodes):
            return .array(nodes.map { render($0, counter: counter, using: &random) })
        case .object(let members):
            return .object(members.map { JSONValue.Member($0.key, render($0.node, counter: counter, using: &random)) })
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random RFC 9562 version-4 UUID in lower-case text.
    static func uuid<R: RandomNumberGenerator>(using random: inout R) -> String {
        var high = random.next(), low = random.next()
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC << 60)) | (0x8 << 60)  // variant 10
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                let position = index * 16 + nibble
                if position == 8 || position == 12 || position == 16 || position == 20 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(hexDigits[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension RequestTemplate.Node {
    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
