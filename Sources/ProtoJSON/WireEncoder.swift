import RPCCore

/// JSON value to wire bytes, message by message, recording violations instead of stopping
/// at the first, so a caller learns everything wrong with a request at once.
struct WireEncoder {
    let schema: CompiledSchema
    let ignoreUnknownFields: Bool
    var violations: [TranscodingError.Violation] = []

    init(schema: CompiledSchema, ignoreUnknownFields: Bool) {
        self.schema = schema
        self.ignoreUnknownFields = ignoreUnknownFields
    }

    /// One encoded value of a field, before its tag.
    enum WireValue {
        case varint(UInt64)
        case fixed32(UInt32)
        case fixed64(UInt64)
        case bytes([UInt8])
    }

    mutating func violation(_ path: String, _ code: TranscodingError.Code, _ message: String) {
        violations.append(TranscodingError.Violation(field: path, code: code, message: message))
    }

    mutating func encodeMessage(_ value: JSONValue, type: CompiledMessage, path: String, depth: Int, into writer: inout WireWriter) {
        guard depth < JSONTranscoder.maxDepth else {
            violation(path, .outOfRange, "messages nested deeper than \(JSONTranscoder.maxDepth)")
            return
        }
        if type.isJSONValue {
            // The value itself stands for the message: route it to the member of its JSON type.
            guard let member = jsonValueMember(of: type, for: value) else {
                let kinds = type.fields.map { jsonTypeName(of: $0) }.joined(separator: " or ")
                violation(path, .invalidType, "expected \(kinds), got \(value.typeName)")
                return
            }
            encodeField(member, value, path: path, depth: depth, into: &writer)
            return
        }
        guard case .object(let members) = value else {
            violation(path, .invalidType, "expected an object for \(type.name), got \(value.typeName)")
            return
        }
        var slots = [JSONValue?](repeating: nil, count: type.fields.count)
        var setBy = [String?](repeating: nil, count: type.fields.count)
        var oneofSetBy: [String: String] = [:]
        for member in members {
            let memberPath = Self.join(path, member.key)
            guard let index = type.indexByName[member.key] else {
                if !ignoreUnknownFields { violation(memberPath, .unknownField, "\(type.name) has no field \"\(member.key)\"") }
                continue
            }
            if let earlier = setBy[index] {
                violation(memberPath, .duplicateField, "field set twice (as \"\(earlier)\" and \"\(member.key)\")")
                continue
            }
            setBy[index] = member.key
            if case .null = member.value { continue }
            let field = type.fields[index]
            if let oneof = field.oneof {
                if let other = oneofSetBy[oneof] {
                    violation(memberPath, .duplicateField, "oneof \(oneof) is already set by \"\(other)\"")
                    continue
                }
                oneofSetBy[oneof] = member.key
            }
            slots[index] = member.value
        }
        for index in type.encodingOrder {
            let field = type.fields[index]
            let fieldPath = Self.join(path, field.jsonName)
            guard let value = slots[index] else {
                if field.required { violation(fieldPath, .requiredField, "\(field.jsonName) is required") }
                continue
            }
            encodeField(field, value, path: fieldPath, depth: depth, into: &writer)
        }
    }

    /// The member of a `@json-value` message that takes `value`: text to a string member,
    /// a number to a numeric or Decimal member, a boolean to a bool member.
    func jsonValueMember(of type: CompiledMessage, for value: JSONValue) -> FieldSchema? {
        type.fields.first { field in
            switch value {
            case .string: field.kind == .string
            case .number: jsonTypeName(of: field) == "a number"
            case .bool: field.kind == .bool
            default: false
            }
        }
    }

    func jsonTypeName(of field: FieldSchema) -> String {
        switch field.kind {
        case .string, .bytes: "a string"
        case .bool: "a boolean"
        case .message where field.typeName == WellKnownTypes.decimal: "a number"
        case .enumeration: "a string"
        case .message: "an object"
        default: "a number"
        }
    }

    mutating func encodeField(_ field: FieldSchema, _ value: JSONValue, path: String, depth: Int, into writer: inout WireWriter) {
        guard field.repeated else {
            if let encoded = encodeValue(field, value, path: path, depth: depth) { write(field.number, encoded, into: &writer) }
            return
        }
        if field.kind == .message, let typeName = field.typeName, let entry = schema.messages[typeName], entry.isMapEntry {
            encodeMap(field, value, entry: entry, path: path, depth: depth, into: &writer)
            return
        }
        guard case .array(let elements) = value else {
            violation(path, .invalidType, "expected an array, got \(value.typeName)")
            return
        }
        if field.kind.isPackable {
            var packed = WireWriter()
            for (position, element) in elements.enumerated() {
                guard let encoded = encodeElement(field, element, path: "\(path)[\(position)]", depth: depth) else { continue }
                writeUntagged(encoded, into: &packed)
            }
            if !elements.isEmpty {
                writer.tag(field.number, .lengthDelimited)
                writer.lengthDelimited(packed.bytes)
            }
        } else {
            for (position, element) in elements.enumerated() {
                if let encoded = encodeElement(field, element, path: "\(path)[\(position)]", depth: depth) {
                    write(field.number, encoded, into: &writer)
                }
            }
        }
    }

    /// One element of a repeated field: JSON `null` is not allowed inside a list.
    mutating func encodeElement(_ field: FieldSchema, _ value: JSONValue, path: String, depth: Int) -> WireValue? {
        if case .null = value {
            violation(path, .invalidType, "null is not allowed in a list")
            return nil
        }
        return encodeValue(field, value, path: path, depth: depth)
    }

    mutating func encodeMap(_ field: FieldSchema, _ value: JSONValue, entry: CompiledMessage, path: String, depth: Int,
                            into writer: inout WireWriter) {
        guard case .object(let members) = value else {
            violation(path, .invalidType, "expected an object (a map), got \(value.typeName)")
            return
        }
        guard let keyField = entry.indexByNumber[1].map({ entry.fields[$0] }),
              let valueField = entry.indexByNumber[2].map({ entry.fields[$0] }) else {
            violation(path, .unknownType, "map entry \(entry.name) lacks its key or value field")
            return
        }
        for member in members {
            let memberPath = "\(path)[\(Self.quoted(member.key))]"
            let key = encodeMapKey(keyField.kind, member.key, path: memberPath)
            if case .null = member.value {
                violation(memberPath, .invalidType, "null is not allowed as a map value")
                continue
            }
            let mapValue = encodeValue(valueField, member.value, path: memberPath, depth: depth)
            guard let key, let mapValue else { continue }
            var entryWriter = WireWriter()
            write(keyField.number, key, into: &entryWriter)
            write(valueField.number, mapValue, into: &entryWriter)
            writer.tag(field.number, .lengthDelimited)
            writer.lengthDelimited(entryWriter.bytes)
        }
    }

    /// Map keys are JSON strings; integer and bool keys are spelled in them.
    mutating func encodeMapKey(_ kind: FieldKind, _ key: String, path: String) -> WireValue? {
        switch kind {
        case .string: return .bytes(Array(key.utf8))
        case .bool:
            if key == "true" { return .varint(1) }
            if key == "false" { return .varint(0) }
            violation(path, .invalidType, "map key must be \"true\" or \"false\"")
            return nil
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64:
            return encodeInteger(kind, text: key, path: path)
        default:
            violation(path, .invalidType, "\(kind.rawValue) cannot be a map key")
            return nil
        }
    }

    /// One value of `field`'s kind, not repeated.
    mutating func encodeValue(_ field: FieldSchema, _ value: JSONValue, path: String, depth: Int) -> WireValue? {
        switch (field.kind, value) {
        case (.message, _):
            guard let typeName = field.typeName, let message = schema.messages[typeName] else {
                violation(path, .unknownType, "unknown message type \(field.typeName ?? "(none)")")
                return nil
            }
            switch WellKnownTypes.encode(typeName, value) {
            case .bytes(let bytes)?: return .bytes(bytes)
            case .invalid(let code, let message)?:
                violation(path, code, message)
                return nil
            case nil: break
            }
            var nested = WireWriter()
            encodeMessage(value, type: message, path: path, depth: depth + 1, into: &nested)
            return .bytes(nested.bytes)
        case (.enumeration, .string(let spelling)):
            guard let typeName = field.typeName, let enumeration = schema.enums[typeName] else {
                violation(path, .unknownType, "unknown enum type \(field.typeName ?? "(none)")")
                return nil
            }
            guard let number = enumeration.numberBySpelling[spelling] else {
                let allowed = enumeration.jsonByNumber.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", ")
                violation(path, .invalidEnum, "\"\(spelling)\" is not one of: \(allowed)")
                return nil
            }
            return .varint(UInt64(bitPattern: Int64(number)))
        case (.enumeration, .number(let text)):
            guard let typeName = field.typeName, let enumeration = schema.enums[typeName] else {
                violation(path, .unknownType, "unknown enum type \(field.typeName ?? "(none)")")
                return nil
            }
            guard let integer = try? JSONNumber.integer(text), let number = try? integer.int64(in: Int64(Int32.min)...Int64(Int32.max)),
                  enumeration.jsonByNumber[Int32(number)] != nil else {
                violation(path, .invalidEnum, "\(text) is not a value of \(enumeration.name)")
                return nil
            }
            return .varint(UInt64(bitPattern: number))
        case (.string, .string(let text)):
            return .bytes(Array(text.utf8))
        case (.bytes, .string(let text)):
            guard let bytes = Base64.decode(text) else {
                violation(path, .invalidFormat, "expected base64")
                return nil
            }
            return .bytes(bytes)
        case (.bool, .bool(let flag)):
            return .varint(flag ? 1 : 0)
        case (.double, .number(let text)), (.double, .string(let text)):
            guard let double = convertDouble(text, path: path) else { return nil }
            return .fixed64(double.bitPattern)
        case (.float, .number(let text)), (.float, .string(let text)):
            guard let double = convertDouble(text, path: path) else { return nil }
            let float = Float(double)
            if double.isFinite, float.isInfinite {
                violation(path, .outOfRange, "\(text) is out of range for float")
                return nil
            }
            return .fixed32(float.bitPattern)
        case (.int32, .number(let text)), (.int32, .string(let text)), (.int64, .number(let text)), (.int64, .string(let text)),
             (.uint32, .number(let text)), (.uint32, .string(let text)), (.uint64, .number(let text)), (.uint64, .string(let text)),
             (.sint32, .number(let text)), (.sint32, .string(let text)), (.sint64, .number(let text)), (.sint64, .string(let text)),
             (.fixed32, .number(let text)), (.fixed32, .string(let text)), (.fixed64, .number(let text)), (.fixed64, .string(let text)),
             (.sfixed32, .number(let text)), (.sfixed32, .string(let text)), (.sfixed64, .number(let text)), (.sfixed64, .string(let text)):
            return encodeInteger(field.kind, text: text, path: path)
        default:
            violation(path, .invalidType, "expected \(Self.expectation(field.kind)), got \(value.typeName)")
            return nil
        }
    }

    mutating func convertDouble(_ text: String, path: String) -> Double? {
        do {
            return try JSONNumber.double(text, allowSpecial: true)
        } catch .outOfRange {
            violation(path, .outOfRange, "\(text) is out of range")
        } catch {
            violation(path, .invalidType, "\"\(text)\" is not a number")
        }
        return nil
    }

    mutating func encodeInteger(_ kind: FieldKind, text: String, path: String) -> WireValue? {
        do {
            let integer = try JSONNumber.integer(text)
            switch kind {
            case .int32: return .varint(UInt64(bitPattern: try integer.int64(in: Int64(Int32.min)...Int64(Int32.max))))
            case .int64: return .varint(UInt64(bitPattern: try integer.int64(in: Int64.min...Int64.max)))
            case .sint32: return .varint(ZigZag.encode(try integer.int64(in: Int64(Int32.min)...Int64(Int32.max))))
            case .sint64: return .varint(ZigZag.encode(try integer.int64(in: Int64.min...Int64.max)))
            case .uint32: return .varint(try integer.uint64(max: UInt64(UInt32.max)))
            case .uint64: return .varint(try integer.uint64(max: UInt64.max))
            case .fixed32: return .fixed32(UInt32(try integer.uint64(max: UInt64(UInt32.max))))
            case .fixed64: return .fixed64(try integer.uint64(max: UInt64.max))
            case .sfixed32:
                return .fixed32(UInt32(bitPattern: Int32(try integer.int64(in: Int64(Int32.min)...Int64(Int32.max)))))
            case .sfixed64: return .fixed64(UInt64(bitPattern: try integer.int64(in: Int64.min...Int64.max)))
            default:
                violation(path, .invalidType, "\(kind.rawValue) is not an integer kind")
                return nil
            }
        } catch .outOfRange {
            violation(path, .outOfRange, "\(text) is out of range for \(kind.rawValue)")
        } catch .notAnInteger {
            violation(path, .invalidType, "\(text) is not an integer")
        } catch {
            violation(path, .invalidType, "\"\(text)\" is not a number")
        }
        return nil
    }

    func write(_ number: Int32, _ value: WireValue, into writer: inout WireWriter) {
        switch value {
        case .varint: writer.tag(number, .varint)
        case .fixed32: writer.tag(number, .fixed32)
        case .fixed64: writer.tag(number, .fixed64)
        case .bytes: writer.tag(number, .lengthDelimited)
        }
        writeUntagged(value, into: &writer)
    }

    func writeUntagged(_ value: WireValue, into writer: inout WireWriter) {
        switch value {
        case .varint(let number): writer.varint(number)
        case .fixed32(let number): writer.fixed32(number)
        case .fixed64(let number): writer.fixed64(number)
        case .bytes(let bytes): writer.lengthDelimited(bytes)
        }
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    static func quoted(_ key: String) -> String {
        var output: [UInt8] = []
        JSONWriter.writeString(key, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func expectation(_ kind: FieldKind) -> String {
        switch kind {
        case .bool: "a boolean"
        case .string: "a string"
        case .bytes: "a base64 string"
        case .enumeration: "an enum name or number"
        case .message: "an object"
        case .double, .float: "a number"
        default: "an integer"
        }
    }
}
