import RPCCore
@testable import ProtoJSON

/// A hand-built registry covering every field kind, repeated, packed, maps, a oneof,
/// nesting, recursion and enums.
enum Fixtures {
    static let status = EnumSchema(name: "t.v1.Status", values: [
        .init(name: "STATUS_UNSPECIFIED", number: 0, json: "unspecified"),
        .init(name: "STATUS_ACTIVE", number: 1, json: "active"),
        .init(name: "STATUS_IN_PROGRESS", number: 2, json: "in_progress"),
    ])

    static let item = MessageSchema(name: "t.v1.Item", fields: [
        FieldSchema(number: 1, name: "sku", jsonName: "sku", kind: .string, required: true),
        FieldSchema(number: 2, name: "quantity", jsonName: "quantity", kind: .int32),
        FieldSchema(number: 3, name: "unit_price", jsonName: "unitPrice", kind: .double),
    ])

    static let scalars = MessageSchema(name: "t.v1.Scalars", fields: [
        FieldSchema(number: 1, name: "double_value", jsonName: "doubleValue", kind: .double),
        FieldSchema(number: 2, name: "float_value", jsonName: "floatValue", kind: .float),
        FieldSchema(number: 3, name: "int64_value", jsonName: "int64Value", kind: .int64),
        FieldSchema(number: 4, name: "uint64_value", jsonName: "uint64Value", kind: .uint64),
        FieldSchema(number: 5, name: "int32_value", jsonName: "int32Value", kind: .int32),
        FieldSchema(number: 6, name: "fixed64_value", jsonName: "fixed64Value", kind: .fixed64),
        FieldSchema(number: 7, name: "fixed32_value", jsonName: "fixed32Value", kind: .fixed32),
        FieldSchema(number: 8, name: "bool_value", jsonName: "boolValue", kind: .bool),
        FieldSchema(number: 9, name: "string_value", jsonName: "stringValue", kind: .string),
        FieldSchema(number: 10, name: "bytes_value", jsonName: "bytesValue", kind: .bytes),
        FieldSchema(number: 13, name: "uint32_value", jsonName: "uint32Value", kind: .uint32),
        FieldSchema(number: 14, name: "status", jsonName: "status", kind: .enumeration, typeName: "t.v1.Status"),
        FieldSchema(number: 15, name: "sfixed32_value", jsonName: "sfixed32Value", kind: .sfixed32),
        FieldSchema(number: 16, name: "sfixed64_value", jsonName: "sfixed64Value", kind: .sfixed64),
        FieldSchema(number: 17, name: "sint32_value", jsonName: "sint32Value", kind: .sint32),
        FieldSchema(number: 18, name: "sint64_value", jsonName: "sint64Value", kind: .sint64),
        FieldSchema(number: 19, name: "item", jsonName: "item", kind: .message, typeName: "t.v1.Item"),
    ])

    static let labelsEntry = MessageSchema(name: "t.v1.Order.LabelsEntry", fields: [
        FieldSchema(number: 1, name: "key", jsonName: "key", kind: .string),
        FieldSchema(number: 2, name: "value", jsonName: "value", kind: .int32),
    ], isMapEntry: true)

    static let itemsByIDEntry = MessageSchema(name: "t.v1.Order.ItemsByIdEntry", fields: [
        FieldSchema(number: 1, name: "key", jsonName: "key", kind: .int64),
        FieldSchema(number: 2, name: "value", jsonName: "value", kind: .message, typeName: "t.v1.Item"),
    ], isMapEntry: true)

    static let flagsEntry = MessageSchema(name: "t.v1.Order.FlagsEntry", fields: [
        FieldSchema(number: 1, name: "key", jsonName: "key", kind: .bool),
        FieldSchema(number: 2, name: "value", jsonName: "value", kind: .string),
    ], isMapEntry: true)

    static let order = MessageSchema(name: "t.v1.Order", fields: [
        FieldSchema(number: 1, name: "id", jsonName: "id", kind: .string, required: true),
        FieldSchema(number: 2, name: "items", jsonName: "items", kind: .message, repeated: true, typeName: "t.v1.Item"),
        FieldSchema(number: 3, name: "labels", jsonName: "labels", kind: .message, repeated: true, typeName: "t.v1.Order.LabelsEntry"),
        FieldSchema(number: 4, name: "items_by_id", jsonName: "itemsById", kind: .message, repeated: true,
                    typeName: "t.v1.Order.ItemsByIdEntry"),
        FieldSchema(number: 5, name: "card_token", jsonName: "cardToken", kind: .string, oneof: "payment"),
        FieldSchema(number: 6, name: "invoice_number", jsonName: "invoiceNumber", kind: .int64, oneof: "payment"),
        FieldSchema(number: 7, name: "codes", jsonName: "codes", kind: .int32, repeated: true),
        FieldSchema(number: 8, name: "tags", jsonName: "tags", kind: .string, repeated: true),
        FieldSchema(number: 9, name: "status", jsonName: "status", kind: .enumeration, typeName: "t.v1.Status"),
        FieldSchema(number: 10, name: "history", jsonName: "history", kind: .enumeration, repeated: true, typeName: "t.v1.Status"),
        FieldSchema(number: 11, name: "parent", jsonName: "parent", kind: .message, typeName: "t.v1.Order"),
        FieldSchema(number: 12, name: "scalars", jsonName: "scalars", kind: .message, typeName: "t.v1.Scalars"),
        FieldSchema(number: 13, name: "flags", jsonName: "flags", kind: .message, repeated: true, typeName: "t.v1.Order.FlagsEntry"),
        FieldSchema(number: 14, name: "prices", jsonName: "prices", kind: .double, repeated: true),
        FieldSchema(number: 15, name: "blobs", jsonName: "blobs", kind: .bytes, repeated: true),
    ])

    static let registry = SchemaRegistry(
        messages: [item, scalars, labelsEntry, itemsByIDEntry, flagsEntry, order], enums: [status])

    static let transcoder = JSONTranscoder(registry: registry)

    static func encode(_ json: String, _ type: String = "t.v1.Scalars") throws -> [UInt8] {
        try transcoder.encode(json: json, messageType: type)
    }

    static func decode(_ bytes: [UInt8], _ type: String = "t.v1.Scalars", _ options: JSONTranscoder.Options = .init()) throws -> String {
        String(decoding: try JSONTranscoder(registry: registry, options: options).decode(bytes, messageType: type), as: UTF8.self)
    }

    /// The error `body` throws, or nil.
    static func transcodingError(_ body: () throws -> Void) -> TranscodingError? {
        do {
            try body()
            return nil
        } catch let error as TranscodingError {
            return error
        } catch {
            return nil
        }
    }
}
