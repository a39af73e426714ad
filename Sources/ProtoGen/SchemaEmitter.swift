/// Emits `<Area>Metadata.registry`: the run-time description (RPCCore's `SchemaRegistry`)
/// of every message, map entry, enum and service of one package, which the gateway
/// transcodes JSON with and the reflection service reports.
struct SchemaEmitter {
    let files: [FileProto]
    let area: String
    let table: TypeTable
    /// Areas of imported packages whose registries this one merges.
    let imported: [String]

    func emit(into writer: inout CodeWriter) throws {
        let package = files.first?.package ?? ""
        var messages: [String] = []
        var enums: [String] = []
        var services: [String] = []
        for file in files {
            let comments = SourceComments(file)
            for (index, message) in file.messages.enumerated() {
                try collect(message, scope: file.package, path: [4, Int32(index)], comments: comments,
                            messages: &messages, enums: &enums)
            }
            for (index, proto) in file.enums.enumerated() {
                enums.append(try enumSchema(proto, fullName: file.package + "." + proto.name, path: [5, Int32(index)], comments: comments))
            }
            for service in file.services {
                var lines = ["ServiceSchema(name: \(literal(file.package + "." + service.name)), methods: ["]
                for method in service.methods {
                    lines.append("    MethodSchema(name: \(literal(method.name)), inputType: \(literal(try table.entry(method.inputType).fullName)), "
                                 + "outputType: \(literal(try table.entry(method.outputType).fullName)), idempotent: \(method.isIdempotent)),")
                }
                lines.append("]),")
                services.append(lines.joined(separator: "\n"))
            }
        }

        writer.doc(["The schema of `\(package)`: every message (map entries included), enum and service."])
        writer.block("public enum \(area)Metadata") { writer in
            writer.doc(["Messages, enums and services by fully qualified name."])
            writer.line("public static let registry = SchemaRegistry(")
            list("messages", messages, into: &writer, last: false)
            list("enums", enums, into: &writer, last: false)
            list("services", services, into: &writer, last: true)
            writer.line(")" + imported.map { ".merging(\($0)Metadata.registry)" }.joined())
        }
    }

    private func list(_ label: String, _ items: [String], into writer: inout CodeWriter, last: Bool) {
        let comma = last ? "" : ","
        guard !items.isEmpty else {
            writer.line("    \(label): []\(comma)")
            return
        }
        writer.line("    \(label): [")
        for item in items {
            for line in item.split(separator: "\n") { writer.line("        " + line) }
        }
        writer.line("    ]\(comma)")
    }

    private func collect(
        _ message: MessageProto, scope: String, path: [Int32], comments: SourceComments,
        messages: inout [String], enums: inout [String]
    ) throws {
        let fullName = scope + "." + message.name
        var lines = ["MessageSchema(name: \(literal(fullName)), fields: ["]
        for (index, field) in message.fields.enumerated() {
            lines.append("    " + (try fieldSchema(field, in: message, path: path + [2, Int32(index)], comments: comments)) + ",")
        }
        if message.isMapEntry {
            lines.append("], isMapEntry: true),")
        } else if comments.isJSONValue(path) {
            lines.append("], isJSONValue: true),")
        } else {
            lines.append("]),")
        }
        if message.fields.isEmpty { lines = [lines[0] + lines[1]] }
        messages.append(lines.joined(separator: "\n"))
        for (index, nested) in message.nested.enumerated() {
            try collect(nested, scope: fullName, path: path + [3, Int32(index)], comments: comments,
                        messages: &messages, enums: &enums)
        }
        for (index, proto) in message.enums.enumerated() {
            enums.append(try enumSchema(proto, fullName: fullName + "." + proto.name, path: path + [4, Int32(index)], comments: comments))
        }
    }

    private func fieldSchema(_ field: FieldProto, in message: MessageProto, path: [Int32], comments: SourceComments) throws -> String {
        var arguments = [
            "number: \(field.number)", "name: \(literal(field.name))",
            "jsonName: \(literal(field.jsonName ?? Naming.lowerCamel(field.name)))", "kind: .\(kind(field.kind))",
        ]
        if field.isRepeated { arguments.append("repeated: true") }
        if comments.isRequired(path) { arguments.append("required: true") }
        if field.kind == .message || field.kind == .enumeration {
            arguments.append("typeName: \(literal(try table.entry(field.typeName).fullName))")
        }
        if let oneof = field.oneofIndex { arguments.append("oneof: \(literal(message.oneofs[oneof]))") }
        return "FieldSchema(\(arguments.joined(separator: ", ")))"
    }

    private func enumSchema(_ proto: EnumProto, fullName: String, path: [Int32], comments: SourceComments) throws -> String {
        var lines = ["EnumSchema(name: \(literal(fullName)), values: ["]
        for (index, value) in proto.values.enumerated() {
            let json = try comments.jsonSpelling(path + [2, Int32(index)]) ?? Naming.enumJSON(value.name, enumName: proto.name)
            lines.append("    EnumSchema.Value(name: \(literal(value.name)), number: \(value.number), json: \(literal(json))),")
        }
        lines.append("]),")
        return lines.joined(separator: "\n")
    }

    /// The `FieldKind` case of a descriptor type.
    private func kind(_ kind: FieldProto.Kind) -> String {
        switch kind {
        case .enumeration: "enumeration"
        case .message, .group: "message"
        default: "\(kind)"
        }
    }

    /// A Swift string literal.
    private func literal(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "\"" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"" + escaped + "\""
    }
}
