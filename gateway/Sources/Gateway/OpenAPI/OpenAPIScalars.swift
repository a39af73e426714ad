import ProtoJSON
import RPCCore

/// The JSON Schema of each protobuf scalar and of the two value messages, as ProtoJSON writes
/// and reads them (JSONTranscoder's mapping rules, WellKnownTypes).
enum OpenAPIScalars {
    static let decimal = "cerniq.common.v1.Decimal"
    static let timestamp = "cerniq.common.v1.Timestamp"

    /// `-?digits(.digits)?`: what ProtoJSON accepts as a decimal's text (no exponent, so nothing rounds).
    static let decimalPattern = "^-?[0-9]+(\\.[0-9]+)?$"

    /// A response's decimal is a JSON number with its digits copied verbatim; a request may
    /// also give the digits as a string (the transcoder accepts both).
    static func decimal(request: Bool) -> JSONValue {
        guard request else {
            return .object(["type": .string("number"), "description": .string("Exact decimal; the digits are copied verbatim, never through a float.")])
        }
        return .object([
            "type": .strings(["number", "string"]),
            "pattern": .string(decimalPattern),
            "description": .string("Exact decimal: a JSON number or a numeric string, without exponent (12.50 or \"12.50\")."),
        ])
    }

    static let timestampSchema: JSONValue = .object(["type": .string("string"), "format": .string("date-time")])

    /// Integer bounds are written out so generated requests stay inside what the field holds.
    static func scalar(_ kind: FieldKind) -> JSONValue {
        switch kind {
        case .double: .object(["type": .string("number"), "format": .string("double")])
        case .float: .object(["type": .string("number"), "format": .string("float")])
        case .int32, .sint32, .sfixed32:
            .object(["type": .string("integer"), "format": .string("int32"), "minimum": .integer(Int32.min), "maximum": .integer(Int32.max)])
        case .uint32, .fixed32:
            .object(["type": .string("integer"), "minimum": .integer(0), "maximum": .integer(UInt32.max)])
        case .int64, .sint64, .sfixed64:
            .object(["type": .string("integer"), "format": .string("int64")])
        case .uint64, .fixed64:
            .object(["type": .string("integer"), "format": .string("int64"), "minimum": .integer(0)])
        case .bool: .object(["type": .string("boolean")])
        case .string: .object(["type": .string("string")])
        case .bytes: .object(["type": .string("string"), "contentEncoding": .string("base64")])
        case .enumeration, .message: .object([:])
        }
    }

    /// The JSON type a `@json-value` member's value has.
    static func jsonType(of field: FieldSchema) -> String {
        switch field.kind {
        case .string, .bytes, .enumeration: "string"
        case .bool: "boolean"
        case .message: field.typeName == decimal ? "number" : "object"
        default: "number"
        }
    }

    static func isInteger(_ kind: FieldKind) -> Bool {
        switch kind {
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64: true
        default: false
        }
    }
}
