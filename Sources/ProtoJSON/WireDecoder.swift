import RPCCore

/// Wire bytes to a JSON value. Unknown fields are skipped; a known field with the wrong
/// wire type, a truncated value or a length past the end is `VAL_MALFORMED_MESSAGE`.
/// Repeated numeric fields are read packed or unpacked; a singular message field that
/// occurs more than once is merged, as protobuf parsers do.
struct WireDecoder {
    let schema: CompiledSchema
    let includeDefaultValues: Bool

    /// What has been read for one field.
    enum Slot {
        case empty
        case scalar(JSONValue, isDefault: Bool)
        case list([JSONValue])
        case messageParts([Range<Int>])
        case map([JSONValue.Member], indexByKey: [String: Int])
    }

    func malformed(_ path: String, _ reason: String) -> TranscodingError {
        TranscodingError(field: path, code: .malformedMessage, message: reason)
    }

    func decodeMessage(_ bytes: [UInt8], range: Range<Int>, type: CompiledMessage, path: String, depth: Int)
        throws(TranscodingError) -> JSONValue {
        guard depth < JSONTranscoder.maxDepth else { throw malformed(path, "messages nested deeper than \(JSONTranscoder.maxDepth)") }
        var slots = [Slot](repeating: .empty, count: type.fields.count)
        var reader = WireReader(bytes, range: range)
        // The field being read; its path is spelled only if something fails (paths cost more
        // than the values on a successful decode).
        var current: FieldSchema?
        var fieldPath: String { current.map { WireEncoder.join(path, $0.jsonName) } ?? path }
        do {
            while !reader.atEnd {
                let (number, wireType) = try reader.tag()
                guard let index = type.indexByNumber[number] else {
                    try reader.skip(wireType)
                    continue
                }
                let field = type.fields[index]
                current = field
                if field.repeated, field.kind.isPackable, wireType == .lengthDelimited {
                    var packed = WireReader(bytes, range: try reader.lengthDelimited())
                    var list: [JSONValue] = []
                    if case .list(let existing) = slots[index] { list = existing }
                    while !packed.atEnd { list.append(try scalar(field, from: &packed, path: "").value) }
                    slots[index] = .list(list)
                    continue
                }
                guard wireType == field.kind.wireType else {
                    throw malformed(fieldPath, "wire type \(wireType.rawValue) does not fit a \(field.kind.rawValue) field")
                }
                if field.kind == .message {
                    let payload = try reader.lengthDelimited()
                    try appendMessage(field, payload, to: &slots[index], bytes: bytes, path: "", depth: depth)
                } else {
                    let (value, isDefault) = try scalar(field, from: &reader, path: "")
                    if field.repeated {
                        if case .list(var list) = slots[index] {
                            list.append(value)
                            slots[index] = .list(list)
                        } else {
                            slots[index] = .list([value])
                        }
                    } else {
                        slots[index] = .scalar(value, isDefault: isDefault)
                    }
                }
            }
        } catch let error as WireReader.Malformed {
            throw malformed(fieldPath, error.reason)
        } catch let error as TranscodingError {
            throw error.within(fieldPath)
        } catch {
            throw malformed(fieldPath, "\(error)")
        }
        let object = try output(type, slots: slots, bytes: bytes, path: path, depth: depth)
        if type.isJSONValue, case .object(let members) = object {
            // Only the set oneof member is written; none set reads as null.
            return members.first?.value ?? .null
        }
        return WellKnownTypes.decode(type.name, object: object) ?? object
    }

    func appendMessage(_ field: FieldSchema, _ payload: Range<Int>, to slot: inout Slot, bytes: [UInt8], path: String, depth: Int)
        throws(TranscodingError) {
        guard let typeName = field.typeName, let message = schema.messages[typeName] else {
            throw TranscodingError(field: path, code: .unknownType, message: "unknown message type \(field.typeName ?? "(none)")")
        }
        if field.repeated, message.isMapEntry {
            let (key, value) = try mapEntry(bytes, range: payload, entry: message, path: path, depth: depth)
            var members: [JSONValue.Member] = []
            var indexByKey: [String: Int] = [:]
            if case .map(let existing, let existingIndex) = slot { (members, indexByKey) = (existing, existingIndex) }
            // A later entry with the same key replaces the earlier one.
            if let position = indexByKey[key] {
                members[position].value = value
            } else {
                indexByKey[key] = members.count
                members.append(JSONValue.Member(key, value))
            }
            slot = .map(members, indexByKey: indexByKey)
        } else if field.repeated {
            let value: JSONValue
            do {
                value = try decodeMessage(bytes, range: payload, type: message, path: "", depth: depth + 1)
            } catch {
                throw error.within("\(path)[\(listCount(slot))]")
            }
            if case .list(var list) = slot {
                list.append(value)
                slot = .list(list)
            } else {
                slot = .list([value])
            }
        } else if case .messageParts(var parts) = slot {
            parts.append(payload)
            slot = .messageParts(parts)
        } else {
            slot = .messageParts([payload])
        }
    }

    func listCount(_ slot: Slot) -> Int {
        if case .list(let list) = slot { return list.count }
        return 0
    }

    /// The JSON key and value of one map entry; a missing key or value is its zero value.
    func mapEntry(_ bytes: [UInt8], range: Range<Int>, entry: CompiledMessage, path: String, depth: Int)
        throws(TranscodingError) -> (String, JSONValue) {
        guard let keyIndex = entry.indexByNumber[1], let valueIndex = entry.indexByNumber[2] else {
            throw TranscodingError(field: path, code: .unknownType, message: "map entry \(entry.name) lacks its key or value field")
        }
        let decoded = try decodeMessage(bytes, range: range, type: entry, path: path, depth: depth + 1)
        let keyField = entry.fields[keyIndex], valueField = entry.fields[valueIndex]
        let key: String
        switch decoded[keyField.jsonName] ?? zeroValue(keyField) {
        case .string(let text)?: key = text
        case .number(let text)?: key = text
        case .bool(let flag)?: key = flag ? "true" : "false"
        default: key = ""
        }
        return (key, decoded[valueField.jsonName] ?? zeroValue(valueField) ?? .object([]))
    }

    /// The JSON object for the fields read, in declaration order.
    func output(_ type: CompiledMessage, slots: [Slot], bytes: [UInt8], path: String, depth: Int) throws(TranscodingError) -> JSONValue {
        var members: [JSONValue.Member] = []
        members.reserveCapacity(type.fields.count)
        for (index, field) in type.fields.enumerated() {
            switch slots[index] {
            case .scalar(let value, let isDefault):
                if !isDefault || field.oneof != nil || includeDefaultValues { members.append(JSONValue.Member(field.jsonName, value)) }
            case .list(let list):
                members.append(JSONValue.Member(field.jsonName, .array(list)))
            case .map(let entries, _):
                members.append(JSONValue.Member(field.jsonName, .object(entries)))
            case .messageParts(let parts):
                guard let typeName = field.typeName, let message = schema.messages[typeName] else { continue }
                let value: JSONValue
                do {
                    if parts.count == 1 {
                        value = try decodeMessage(bytes, range: parts[0], type: message, path: "", depth: depth + 1)
                    } else {
                        // Concatenated encodings of a message parse as their merge.
                        var merged: [UInt8] = []
                        for part in parts { merged.append(contentsOf: bytes[part]) }
                        value = try decodeMessage(merged, range: 0..<merged.count, type: message, path: "", depth: depth + 1)
                    }
                } catch {
                    throw error.within(WireEncoder.join(path, field.jsonName))
                }
                members.append(JSONValue.Member(field.jsonName, value))
            case .empty:
                guard includeDefaultValues, field.oneof == nil else { continue }
                if let zero = zeroValue(field) { members.append(JSONValue.Member(field.jsonName, zero)) }
            }
        }
        return .object(members)
    }

    /// What an absent field reads as, when defaults are written; nil for absent messages.
    func zeroValue(_ field: FieldSchema) -> JSONValue? {
        if field.repeated {
            if let typeName = field.typeName, schema.messages[typeName]?.isMapEntry == true { return .object([]) }
            return .array([])
        }
        switch field.kind {
        case .message: return nil
        case .bool: return .bool(false)
        case .string, .bytes: return .string("")
        case .enumeration: return enumValue(field, 0)
        default: return .number("0")
        }
    }

    func enumValue(_ field: FieldSchema, _ number: Int32) -> JSONValue {
        if let typeName = field.typeName, let spelling = schema.enums[typeName]?.jsonByNumber[number] { return .string(spelling) }
        return .integer(number)
    }

    /// One non-message value of `field`'s kind.
    func scalar(_ field: FieldSchema, from reader: inout WireReader, path: String) throws -> (value: JSONValue, isDefault: Bool) {
        switch field.kind {
        case .int32:
            let value = Int32(truncatingIfNeeded: try reader.varint())
            return (.integer(value), value == 0)
        case .uint32:
            let value = UInt32(truncatingIfNeeded: try reader.varint())
            return (.integer(value), value == 0)
        case .sint32:
            let value = Int32(truncatingIfNeeded: ZigZag.decode(try reader.varint()))
            return (.integer(value), value == 0)
        case .int64:
            let value = Int64(bitPattern: try reader.varint())
            return (Self.int64(value), value == 0)
        case .uint64:
            let value = try reader.varint()
            return (Self.uint64(value), value == 0)
        case .sint64:
            let value = ZigZag.decode(try reader.varint())
            return (Self.int64(value), value == 0)
        case .fixed32:
            let value = try reader.fixed32()
            return (.integer(value), value == 0)
        case .sfixed32:
            let value = Int32(bitPattern: try reader.fixed32())
            return (.integer(value), value == 0)
        case .fixed64:
            let value = try reader.fixed64()
            return (Self.uint64(value), value == 0)
        case .sfixed64:
            let value = Int64(bitPattern: try reader.fixed64())
            return (Self.int64(value), value == 0)
        case .bool:
            let value = try reader.varint() != 0
            return (.bool(value), !value)
        case .enumeration:
            let number = Int32(truncatingIfNeeded: try reader.varint())
            return (enumValue(field, number), number == 0)
        case .float:
            let value = Float(bitPattern: try reader.fixed32())
            return (.float(value), value.bitPattern == 0)
        case .double:
            let value = Double(bitPattern: try reader.fixed64())
            return (.double(value), value.bitPattern == 0)
        case .string:
            let range = try reader.lengthDelimited()
            // Invalid UTF-8 (which a conforming peer never sends) is shown with U+FFFD, not rejected.
            return (.string(String(decoding: reader.bytes[range], as: UTF8.self)), range.isEmpty)
        case .bytes:
            let range = try reader.lengthDelimited()
            return (.string(Base64.encode(Array(reader.bytes[range]))), range.isEmpty)
        case .message:
            throw malformed(path, "message field read as a scalar")
        }
    }

    /// 2^53: the largest magnitude every JSON reader holds exactly as a number.
    static let exactLimit: UInt64 = 1 << 53

    static func int64(_ value: Int64) -> JSONValue {
        value.magnitude <= exactLimit ? .integer(value) : .string(String(value))
    }

    static func uint64(_ value: UInt64) -> JSONValue {
        value <= exactLimit ? .integer(value) : .string(String(value))
    }
}

extension TranscodingError {
    /// This error with every violation's field placed under `prefix` (a field name or an
    /// index), as it propagates out of a nested message.
    func within(_ prefix: String) -> TranscodingError {
        guard !prefix.isEmpty else { return self }
        return TranscodingError(violations: violations.map { violation in
            var moved = violation
            moved.field = violation.field.isEmpty ? prefix : violation.field.hasPrefix("[") ? prefix + violation.field : "\(prefix).\(violation.field)"
            return moved
        })
    }
}
