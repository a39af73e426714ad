/// A message resolved for emission: every field with its Swift and C names, oneofs
/// grouped, nested types listed. Built once, read by the message, bridge and schema emitters.
struct MessagePlan {
    /// A field as the emitters see it.
    struct Field {
        enum Shape {
            case singular(ValueType)
            case repeated(ValueType)
            /// A `map<K, V>`: repeated entry messages `entryCType` with `key` and `value`.
            case map(key: ValueType, value: ValueType, entryCType: String, entryCInit: String)
        }

        let proto: FieldProto
        let shape: Shape
        /// The Swift property (or oneof case) name, escaped where needed.
        let name: String
        /// The protobuf-c struct member.
        let cName: String
        /// The protobuf-c `n_<field>` member of a repeated or map field.
        let cCount: String
        /// Stored in a `ProtoBox` because its type holds the containing message.
        let isBoxed: Bool
        let doc: [String]
        let isRequired: Bool
        /// `json_name` from the descriptor (protoc fills lowerCamel, or the `[json_name]` option).
        let jsonName: String

        /// The declared Swift type of the property.
        var swiftType: String {
            switch shape {
            case .singular(.message(let swift)): swift + "?"
            case .singular(let value): value.swiftType
            case .repeated(let value): "[\(value.swiftType)]"
            case .map(let key, let value, _, _): "[\(key.swiftType): \(value.swiftType)]"
            }
        }

        /// The property's initial value.
        var defaultValue: String {
            switch shape {
            case .singular(.message): "nil"
            case .singular(let value): value.defaultValue
            case .repeated: "[]"
            case .map: "[:]"
            }
        }
    }

    /// A `oneof`: one optional Swift enum property.
    struct Oneof {
        let protoName: String
        /// The property name (`choice`).
        let name: String
        /// The enum type (`OneOf_Choice`).
        let typeName: String
        let cCase: String
        let members: [Field]
        /// `indirect` because a member's type holds the containing message.
        let isIndirect: Bool
        let doc: [String]
    }

    /// A stored member in declaration order: a plain field, or a oneof at its first member.
    enum Member {
        case field(Field)
        case oneof(Oneof)
    }

    let fullName: String
    let swiftPath: String
    /// The unqualified Swift type name (`Inner`).
    let swiftName: String
    let cType: String
    let cInit: String
    let path: [Int32]
    let doc: [String]
    let members: [Member]
    let nestedMessages: [MessagePlan]
    /// Nested enums as table entries.
    let nestedEnums: [TypeTable.Entry]
    /// Every field, oneof members included, in declaration order.
    let fields: [Field]
    let oneofNames: [String]
}

extension MessagePlan {
    /// Resolves `entry` (a non-map-entry message) declared in `module`.
    init(_ entry: TypeTable.Entry, table: TypeTable, comments: SourceComments, module: String) throws {
        guard case .message(let proto) = entry.kind else { throw GeneratorError("\(entry.fullName) is not a message") }
        fullName = entry.fullName
        swiftPath = entry.swiftPath
        swiftName = String(entry.swiftPath.split(separator: ".").last!)
        cType = Naming.cType(entry.fullName)
        cInit = Naming.cLower(entry.fullName) + "__init"
        path = entry.path
        doc = comments.doc(entry.path, or: "The message `\(entry.fullName)`.")
        oneofNames = proto.oneofs

        var fields: [Field] = []
        for (index, field) in proto.fields.enumerated() {
            fields.append(try Self.field(field, path: entry.path + [2, Int32(index)], container: entry.fullName,
                                         table: table, comments: comments, module: module))
        }
        self.fields = fields

        var members: [Member] = []
        var emittedOneofs: Set<Int> = []
        for field in fields {
            guard let oneofIndex = field.proto.oneofIndex else { members.append(.field(field)); continue }
            guard emittedOneofs.insert(oneofIndex).inserted else { continue }
            let oneofFields = fields.filter { $0.proto.oneofIndex == oneofIndex }
            let protoName = proto.oneofs[oneofIndex]
            members.append(.oneof(Oneof(
                protoName: protoName,
                name: Naming.member(Naming.lowerCamel(protoName)),
                typeName: "OneOf_" + Naming.upperCamel(protoName),
                cCase: Naming.cOneofCase(protoName),
                members: oneofFields,
                isIndirect: oneofFields.contains { $0.proto.kind == .message && table.reaches($0.proto.typeName, entry.fullName) },
                doc: comments.doc(entry.path + [8, Int32(oneofIndex)], or: "The oneof `\(protoName)`: at most one of its fields is set.")
            )))
        }
        self.members = members

        var nestedMessages: [MessagePlan] = []
        var nestedEnums: [TypeTable.Entry] = []
        for nested in proto.nested where !nested.isMapEntry {
            nestedMessages.append(try MessagePlan(try table.entry(entry.fullName + "." + nested.name), table: table,
                                                  comments: comments, module: module))
        }
        for nested in proto.enums {
            nestedEnums.append(try table.entry(entry.fullName + "." + nested.name))
        }
        self.nestedMessages = nestedMessages
        self.nestedEnums = nestedEnums
    }

    private static func field(
        _ field: FieldProto, path: [Int32], container: String, table: TypeTable, comments: SourceComments, module: String
    ) throws -> Field {
        guard !field.isProto3Optional else {
            throw GeneratorError("\(container).\(field.name): proto3 `optional` is not supported by protoc-c 1.4.1; use a wrapper message or a oneof")
        }
        let shape: Field.Shape
        if field.isRepeated, field.kind == .message, case .message(let entryProto) = try table.entry(field.typeName).kind,
           entryProto.isMapEntry {
            guard entryProto.fields.count == 2 else { throw GeneratorError("\(field.typeName): a map entry needs key and value") }
            let entryName = try table.entry(field.typeName).fullName
            shape = .map(key: try ValueType(entryProto.fields[0], table: table, module: module),
                         value: try ValueType(entryProto.fields[1], table: table, module: module),
                         entryCType: Naming.cType(entryName), entryCInit: Naming.cLower(entryName) + "__init")
        } else if field.isRepeated {
            shape = .repeated(try ValueType(field, table: table, module: module))
        } else {
            shape = .singular(try ValueType(field, table: table, module: module))
        }
        let isBoxed = field.kind == .message && !field.isRepeated && field.oneofIndex == nil
            && table.reaches(field.typeName, container)
        return Field(
            proto: field, shape: shape, name: Naming.member(Naming.lowerCamel(field.name)),
            cName: Naming.cField(field.name), cCount: Naming.cCount(field.name),
            isBoxed: isBoxed, doc: comments.doc(path, or: "Field \(field.number), `\(field.name)`."),
            isRequired: comments.isRequired(path), jsonName: field.jsonName ?? Naming.lowerCamel(field.name)
        )
    }
}
