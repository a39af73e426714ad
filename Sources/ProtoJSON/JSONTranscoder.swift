import RPCCore

/// Converts between JSON and protobuf wire bytes for any message in a `SchemaRegistry`,
/// following the proto3 JSON mapping with the project's rules:
///
/// - Members are matched by `jsonName`, and the proto name is accepted too. `null` means absent.
/// - int64, uint64 and the other 64-bit kinds are written as JSON numbers when |v| ≤ 2^53 and as
///   strings above that; every numeric kind accepts a number or a numeric string.
/// - Enums are written with the schema's `json` spelling (a number the schema does not know is
///   written as a number); they are accepted by spelling, proto name or declared number.
/// - bytes are base64 (standard alphabet, padded, on output; URL-safe and unpadded accepted).
/// - Maps are JSON objects; repeated fields are arrays; a oneof takes at most one member.
/// - Output omits fields at their zero value (0, false, "", the zero enum, empty lists and maps)
///   unless `includeDefaultValues` is set; a message field is written when present, even if
///   empty, and a oneof member is written when present, even at zero.
/// - Input writes every member it is given, zeros included, in field-number order, with
///   repeated numeric kinds packed. Unknown fields in bytes are skipped.
///
/// Encoding collects every violation in the document before throwing; nothing it is given
/// can make it trap.
///
/// ```swift
/// let transcoder = JSONTranscoder(registry: TestingMetadata.registry)
/// let bytes = try transcoder.encode(json: Array(#"{"text":"hi"}"#.utf8), messageType: "cerniq.testing.v1.EchoRequest")
/// let json = try transcoder.decode(bytes, messageType: "cerniq.testing.v1.EchoRequest")
/// ```
public struct JSONTranscoder: Sendable {
    /// How the transcoder treats what the schema does not cover.
    public struct Options: Sendable {
        /// Skip JSON members that name no field instead of reporting `VAL_UNKNOWN_FIELD`.
        public var ignoreUnknownFields: Bool
        /// Write fields at their zero value too (scalars, empty lists and maps; not absent messages).
        public var includeDefaultValues: Bool
        /// Indent decoded JSON.
        public var prettyPrint: Bool

        public init(ignoreUnknownFields: Bool = false, includeDefaultValues: Bool = false, prettyPrint: Bool = false) {
            self.ignoreUnknownFields = ignoreUnknownFields
            self.includeDefaultValues = includeDefaultValues
            self.prettyPrint = prettyPrint
        }
    }

    /// The deepest message nesting either direction accepts.
    public static let maxDepth = 100

    let schema: CompiledSchema
    /// The options every call uses.
    public var options: Options

    /// A transcoder for the messages and enums of `registry`.
    public init(registry: SchemaRegistry, options: Options = Options()) {
        self.schema = CompiledSchema(registry)
        self.options = options
    }

    /// Encodes a JSON document as the wire bytes of `messageType` (fully qualified).
    /// Throws `TranscodingError` listing every violation.
    public func encode(json: [UInt8], messageType: String) throws(TranscodingError) -> [UInt8] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw TranscodingError(code: .malformedJSON, message: error.description)
        }
        return try encode(value, messageType: messageType)
    }

    /// Encodes JSON text given as a string.
    public func encode(json: String, messageType: String) throws(TranscodingError) -> [UInt8] {
        try encode(json: Array(json.utf8), messageType: messageType)
    }

    /// Encodes a parsed JSON value as the wire bytes of `messageType`.
    public func encode(_ value: JSONValue, messageType: String) throws(TranscodingError) -> [UInt8] {
        guard let message = schema.messages[messageType] else {
            throw TranscodingError(code: .unknownType, message: "unknown message type \(messageType)")
        }
        var encoder = WireEncoder(schema: schema, ignoreUnknownFields: options.ignoreUnknownFields)
        var writer = WireWriter()
        encoder.encodeMessage(value, type: message, path: "", depth: 0, into: &writer)
        guard encoder.violations.isEmpty else { throw TranscodingError(violations: encoder.violations) }
        return writer.bytes
    }

    /// Decodes the wire bytes of `messageType` into UTF-8 JSON.
    /// Throws `TranscodingError` (`VAL_MALFORMED_MESSAGE`) for bytes that are not such a message.
    public func decode(_ bytes: [UInt8], messageType: String) throws(TranscodingError) -> [UInt8] {
        JSONWriter(pretty: options.prettyPrint).write(try decodeValue(bytes, messageType: messageType))
    }

    /// Decodes the wire bytes of `messageType` into a JSON value.
    public func decodeValue(_ bytes: [UInt8], messageType: String) throws(TranscodingError) -> JSONValue {
        guard let message = schema.messages[messageType] else {
            throw TranscodingError(code: .unknownType, message: "unknown message type \(messageType)")
        }
        let decoder = WireDecoder(schema: schema, includeDefaultValues: options.includeDefaultValues)
        return try decoder.decodeMessage(bytes, range: 0..<bytes.count, type: message, path: "", depth: 0)
    }
}
