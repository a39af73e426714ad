/// Emits a proto enum as `public enum X: Int32, Sendable, CaseIterable`. Aliases
/// (a second name for a number) become static constants.
struct EnumEmitter {
    let entry: TypeTable.Entry
    let comments: SourceComments

    func emit(into writer: inout CodeWriter) throws {
        guard case .enumeration(let proto) = entry.kind, let zero = proto.values.first else {
            throw GeneratorError("\(entry.fullName): an enum needs at least one value")
        }
        guard zero.number == 0 else { throw GeneratorError("\(entry.fullName): the first value must be 0 (proto3)") }
        let typeName = String(entry.swiftPath.split(separator: ".").last!)
        let zeroCase = Naming.member(Naming.enumCase(zero.name, enumName: proto.name))
        var cases: [(name: String, value: EnumValueProto, index: Int)] = []
        var aliases: [(name: String, target: String, value: EnumValueProto, index: Int)] = []
        var seenNumbers: [Int32: String] = [:]
        var seenNames: Set<String> = []
        for (index, value) in proto.values.enumerated() {
            let name = Naming.member(Naming.enumCase(value.name, enumName: proto.name))
            guard seenNames.insert(name).inserted else {
                throw GeneratorError("\(entry.fullName).\(value.name): Swift case `\(name)` is already taken")
            }
            if let target = seenNumbers[value.number] {
                aliases.append((name, target, value, index))
            } else {
                seenNumbers[value.number] = name
                cases.append((name, value, index))
            }
        }

        writer.doc(comments.doc(entry.path, or: "The enum `\(entry.fullName)`."))
        writer.block("public enum \(Naming.type(typeName)): Int32, Sendable, CaseIterable") { writer in
            for item in cases {
                writer.doc(comments.doc(entry.path + [2, Int32(item.index)], or: "`\(item.value.name)`."))
                writer.line("case \(item.name) = \(item.value.number)")
            }
            writer.line()
            for alias in aliases {
                writer.doc(comments.doc(entry.path + [2, Int32(alias.index)], or: "`\(alias.value.name)`, an alias."))
                writer.line("public static let \(alias.name) = \(Naming.type(typeName)).\(alias.target)")
                writer.line()
            }
            writer.doc([
                "The value numbered `number` on the wire. A number this build does not know",
                "becomes `.\(zeroCase.replacingBackticks)`, the zero value: a Swift enum cannot hold an unknown number.",
            ])
            writer.block("public init(protoNumber number: Int32)") {
                $0.line("self = Self(rawValue: number) ?? .\(zeroCase)")
            }
        }
    }
}

extension String {
    /// The identifier without escaping backticks, for documentation.
    var replacingBackticks: String { filter { $0 != "`" } }
}
