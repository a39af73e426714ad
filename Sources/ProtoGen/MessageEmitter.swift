/// Emits the Swift declaration of a message: a `ProtoMessage, Hashable, Sendable`
/// struct, its oneof enums and nested types, and (through `CBridgeEmitter`) its
/// conversion to and from the protobuf-c struct.
struct MessageEmitter {
    let plan: MessagePlan
    let comments: SourceComments
    let table: TypeTable

    /// Appends the message, then its nested declarations, each at file scope.
    func emit(into writer: inout CodeWriter) throws {
        let parent = plan.swiftPath.split(separator: ".").dropLast().joined(separator: ".")
        if parent.isEmpty {
            declaration(into: &writer)
        } else {
            writer.block("extension \(parent)") { declaration(into: &$0) }
        }
        writer.line()
        if !plan.nestedEnums.isEmpty || plan.members.contains(where: { if case .oneof = $0 { true } else { false } }) {
            try writer.block("extension \(plan.swiftPath)") { writer in
                for member in plan.members {
                    guard case .oneof(let oneof) = member else { continue }
                    oneofDeclaration(oneof, into: &writer)
                    writer.line()
                }
                for entry in plan.nestedEnums {
                    try EnumEmitter(entry: entry, comments: comments).emit(into: &writer)
                    writer.line()
                }
                writer.trimTrailingBlankLine()
            }
            writer.line()
        }
        CBridgeEmitter(plan: plan).emit(into: &writer)
        for nested in plan.nestedMessages {
            writer.line()
            try MessageEmitter(plan: nested, comments: comments, table: table).emit(into: &writer)
        }
    }

    private func declaration(into writer: inout CodeWriter) {
        writer.doc(plan.doc)
        writer.block("public struct \(Naming.type(plan.swiftName)): ProtoMessage, Hashable, Sendable") { writer in
            writer.doc(["The fully qualified protobuf name."])
            writer.line("public static let protoName = \"\(plan.fullName)\"")
            writer.line()
            for member in plan.members {
                switch member {
                case .field(let field): property(field, into: &writer)
                case .oneof(let oneof):
                    writer.doc(oneof.doc)
                    writer.line("public var \(oneof.name): \(oneof.typeName)? = nil")
                }
                writer.line()
            }
            for case .field(let field) in plan.members where field.isBoxed {
                writer.line("// Boxed: a `\(boxedType(field))` holds this message, and a struct cannot hold itself.")
                writer.line("private var \(storageName(field)): ProtoBox<\(boxedType(field))>? = nil")
                writer.line()
            }
            initializers(into: &writer)
            writer.doc(["Decodes a `\(plan.fullName)` with protobuf-c.",
                        "- Throws: `RPCError(.invalidArgument)` when the bytes are not one."])
            writer.block("public init(decoding bytes: UnsafeRawBufferPointer) throws") {
                $0.line("self = try ProtoCodec.decode(Self.self, from: bytes)")
            }
            writer.line()
            writer.doc(["Appends the message, packed by protobuf-c, to `output`. Map entries are sorted by key."])
            writer.block("public func encode(into output: inout [UInt8])") {
                $0.line("ProtoCodec.encode(self, into: &output)")
            }
        }
    }

    private func property(_ field: MessagePlan.Field, into writer: inout CodeWriter) {
        writer.doc(field.doc)
        guard field.isBoxed else {
            writer.line("public var \(field.name): \(field.swiftType) = \(field.defaultValue)")
            return
        }
        writer.block("public var \(field.name): \(field.swiftType)") { writer in
            writer.line("get { \(storageName(field))?.value }")
            writer.line("set { \(storageName(field)) = newValue.map { ProtoBox($0) } }")
        }
    }

    private func initializers(into writer: inout CodeWriter) {
        writer.doc(["A message with every field at its default."])
        writer.line("public init() {}")
        writer.line()
        guard !plan.members.isEmpty else { return }
        var parameters: [String] = []
        var names: [String] = []
        for member in plan.members {
            switch member {
            case .field(let field):
                parameters.append("\(field.name): \(field.swiftType) = \(field.defaultValue)")
                names.append(field.name)
            case .oneof(let oneof):
                parameters.append("\(oneof.name): \(oneof.typeName)? = nil")
                names.append(oneof.name)
            }
        }
        writer.doc(["A message with the given fields; omitted fields keep their defaults."])
        var header = "public init(\(parameters.joined(separator: ", ")))"
        if header.count > 100 {
            writer.line("public init(")
            for (index, parameter) in parameters.enumerated() {
                writer.line("    " + parameter + (index == parameters.count - 1 ? "" : ","))
            }
            header = ")"
        }
        writer.block(header) { writer in
            for name in names { writer.line("self.\(name) = \(name)") }
        }
        writer.line()
    }

    private func oneofDeclaration(_ oneof: MessagePlan.Oneof, into writer: inout CodeWriter) {
        writer.doc(oneof.doc)
        let indirect = oneof.isIndirect ? "indirect " : ""
        writer.block("public \(indirect)enum \(oneof.typeName): Hashable, Sendable") { writer in
            for member in oneof.members {
                guard case .singular(let value) = member.shape else { continue }
                writer.doc(member.doc)
                writer.line("case \(member.name)(\(value.swiftType))")
            }
        }
    }

    private func storageName(_ field: MessagePlan.Field) -> String {
        "_" + Naming.lowerCamel(field.proto.name)
    }

    private func boxedType(_ field: MessagePlan.Field) -> String {
        guard case .singular(let value) = field.shape else { return field.swiftType }
        return value.swiftType
    }
}
