import RPCCore
import ProtoJSON

/// What `cerniq describe` prints for a service, a message or an enum: readable text, or JSON.
public enum SchemaFormatter {
    /// A symbol found in a registry.
    public enum Symbol: Sendable {
        case service(ServiceSchema)
        case message(MessageSchema)
        case enumeration(EnumSchema)
    }

    /// Finds `name` among the registry's services, messages and enums.
    public static func lookup(_ name: String, in registry: SchemaRegistry) -> Symbol? {
        if let service = registry.services[name] { return .service(service) }
        if let message = registry.messages[name] { return .message(message) }
        if let enumeration = registry.enums[name] { return .enumeration(enumeration) }
        return nil
    }

    // MARK: Text

    public static func text(_ symbol: Symbol, registry: SchemaRegistry) -> String {
        switch symbol {
        case .service(let service):
            var lines = ["service \(service.name)"]
            for method in service.methods {
                lines.append("  rpc \(method.name)(\(method.inputType)) returns (\(method.outputType))"
                             + (method.idempotent ? "  [idempotent]" : ""))
            }
            return lines.joined(separator: "\n") + "\n"
        case .message(let message):
            var lines = ["message \(message.name)" + (message.isMapEntry ? "  [map entry]" : "")]
            let rows = message.fields.map { field -> [String] in
                var notes: [String] = []
                if field.required { notes.append("required") }
                if let oneof = field.oneof { notes.append("oneof \(oneof)") }
                let names = field.jsonName == field.name ? field.jsonName : "\(field.jsonName) (\(field.name))"
                return ["\(field.number)", names, typeDescription(field, registry: registry), notes.joined(separator: ", ")]
            }
            lines += table(rows)
            return lines.joined(separator: "\n") + "\n"
        case .enumeration(let enumeration):
            var lines = ["enum \(enumeration.name)"]
            lines += table(enumeration.values.map { ["\($0.number)", $0.name, "\"\($0.json)\""] })
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// `string`, `repeated int32`, `map<string, cerniq.testing.v1.Sample.Inner>`, `enum cerniq.testing.v1.Priority`.
    static func typeDescription(_ field: FieldSchema, registry: SchemaRegistry) -> String {
        if field.repeated, let typeName = field.typeName, let entry = registry.messages[typeName], entry.isMapEntry,
           let key = entry.field(number: 1), let value = entry.field(number: 2) {
            return "map<\(singleType(key)), \(singleType(value))>"
        }
        return (field.repeated ? "repeated " : "") + singleType(field)
    }

    static func singleType(_ field: FieldSchema) -> String {
        switch field.kind {
        case .message: field.typeName ?? "message"
        case .enumeration: "enum " + (field.typeName ?? "")
        default: field.kind.rawValue
        }
    }

    /// Rows as aligned columns, indented two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            let line = "  " + cells.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    // MARK: JSON

    public static func json(_ symbol: Symbol) -> JSONValue {
        switch symbol {
        case .service(let service):
            return .object([
                .init("kind", .string("service")), .init("name", .string(service.name)),
                .init("methods", .array(service.methods.map { method in
                    .object([.init("name", .string(method.name)), .init("inputType", .string(method.inputType)),
                             .init("outputType", .string(method.outputType)), .init("idempotent", .bool(method.idempotent))])
                })),
            ])
        case .message(let message):
            return .object([
                .init("kind", .string("message")), .init("name", .string(message.name)),
                .init("isMapEntry", .bool(message.isMapEntry)),
                .init("fields", .array(message.fields.map { field in
                    var members: [JSONValue.Member] = [
                        .init("number", .integer(field.number)), .init("name", .string(field.name)),
                        .init("jsonName", .string(field.jsonName)), .init("kind", .string(field.kind.rawValue)),
                        .init("repeated", .bool(field.repeated)), .init("required", .bool(field.required)),
                    ]
                    if let typeName = field.typeName { members.append(.init("typeName", .string(typeName))) }
                    if let oneof = field.oneof { members.append(.init("oneof", .string(oneof))) }
                    return .object(members)
                })),
            ])
        case .enumeration(let enumeration):
            return .object([
                .init("kind", .string("enum")), .init("name", .string(enumeration.name)),
                .init("values", .array(enumeration.values.map { value in
                    .object([.init("name", .string(value.name)), .init("number", .integer(value.number)), .init("json", .string(value.json))])
                })),
            ])
        }
    }
}
