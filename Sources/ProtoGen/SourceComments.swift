/// Leading comments from `SourceCodeInfo`, as documentation and annotations.
///
/// Location paths follow descriptor.proto field numbers: a top-level message is
/// `[4, i]`, its field `[4, i, 2, j]`, a nested message `[4, i, 3, j]`, a oneof
/// `[..., 8, j]`, a top-level enum `[5, i]`, a nested enum `[..., 4, j]`, an enum value
/// `[..., 2, j]`, a service `[6, i]` and its method `[6, i, 2, j]`.
struct SourceComments {
    private let comments: [[Int32]: String]

    init(_ file: FileProto) { comments = file.leadingComments }

    /// The comment's lines without the single leading space protoc keeps, annotation lines
    /// (`@required`, `@json "..."`) removed; empty when there is no comment.
    func doc(_ path: [Int32]) -> [String] {
        guard let comment = comments[path] else { return [] }
        var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = line.hasPrefix(" ") ? String(line.dropFirst()) : String(line)
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        lines.removeAll { $0.trimmingLeadingSpaces.hasPrefix("@") }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines
    }

    /// `doc(path)`, or `fallback` when the proto has no comment there.
    func doc(_ path: [Int32], or fallback: String) -> [String] {
        let lines = doc(path)
        return lines.isEmpty ? [fallback] : lines
    }

    /// True when the comment has an `@required` line.
    func isRequired(_ path: [Int32]) -> Bool {
        annotationLines(path).contains { $0 == "@required" || $0.hasPrefix("@required ") }
    }

    /// True when a message's comment has an `@json-value` line: JSON writes the message as the
    /// value of its one set oneof member (`"power": 5`), not as an object.
    func isJSONValue(_ path: [Int32]) -> Bool {
        annotationLines(path).contains("@json-value")
    }

    /// The quoted spelling of an `@json "spelling"` line, if any.
    func jsonSpelling(_ path: [Int32]) throws -> String? {
        guard let line = annotationLines(path).first(where: { $0.hasPrefix("@json") && !$0.hasPrefix("@json-") }) else { return nil }
        let rest = line.dropFirst("@json".count).trimmingLeadingSpaces
        guard rest.count >= 2, rest.first == "\"", rest.last == "\"" else {
            throw GeneratorError("bad annotation `\(line)`: expected @json \"spelling\"")
        }
        return String(rest.dropFirst().dropLast())
    }

    private func annotationLines(_ path: [Int32]) -> [String] {
        guard let comment = comments[path] else { return [] }
        return comment.split(separator: "\n").map { String(String($0).trimmingLeadingSpaces.reversed().drop { $0 == " " }.reversed()) }
            .filter { $0.hasPrefix("@") }
    }
}

extension StringProtocol {
    /// The text without leading spaces and tabs.
    var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
}
