import RPCCore
import ProtoJSON

/// How the CLI prints failures: `ERROR <CODE_NAME>: message`, then the call's decoded
/// `StatusDetails` when it carried some, or the transcoder's violations one per line.
public enum ErrorFormatter {
    /// The fully qualified name of the details message (`cerniq.common.v1.StatusDetails`).
    public static let statusDetailsType = "cerniq.common.v1.StatusDetails"

    /// Mirrors `Protos/cerniq/common/v1/common.proto` for decoding `RPCError.details`
    /// without depending on which generated modules a server links.
    static let statusDetailsRegistry = SchemaRegistry(messages: [
        MessageSchema(name: statusDetailsType, fields: [
            FieldSchema(number: 1, name: "code", jsonName: "code", kind: .string),
            FieldSchema(number: 2, name: "message", jsonName: "message", kind: .string),
            FieldSchema(number: 3, name: "violations", jsonName: "violations", kind: .message, repeated: true,
                        typeName: "cerniq.common.v1.FieldViolation"),
            FieldSchema(number: 4, name: "metadata", jsonName: "metadata", kind: .message, repeated: true,
                        typeName: "cerniq.common.v1.StatusDetails.MetadataEntry"),
        ]),
        MessageSchema(name: "cerniq.common.v1.FieldViolation", fields: [
            FieldSchema(number: 1, name: "field", jsonName: "field", kind: .string),
            FieldSchema(number: 2, name: "message", jsonName: "message", kind: .string),
            FieldSchema(number: 3, name: "code", jsonName: "code", kind: .string),
        ]),
        MessageSchema(name: "cerniq.common.v1.StatusDetails.MetadataEntry", fields: [
            FieldSchema(number: 1, name: "key", jsonName: "key", kind: .string),
            FieldSchema(number: 2, name: "value", jsonName: "value", kind: .string),
        ], isMapEntry: true),
    ])

    static let detailsTranscoder = JSONTranscoder(registry: statusDetailsRegistry)

    /// `ERROR NOT_FOUND: no such negotiation`, plus `details: {...}` when details decode.
    public static func describe(_ error: RPCError) -> String {
        var text = "ERROR \(error.code.name): \(error.message)"
        if !error.details.isEmpty {
            if let json = try? detailsTranscoder.decode(error.details, messageType: statusDetailsType) {
                text += "\ndetails: " + String(decoding: json, as: UTF8.self)
            } else {
                text += "\ndetails: (\(error.details.count) bytes that are not a StatusDetails)"
            }
        }
        return text
    }

    /// The transcoder's verdict on a request, one violation per line.
    public static func describe(_ error: TranscodingError) -> String {
        var lines = ["invalid request: \(error.code.rawValue): \(error.message)"]
        if error.violations.count > 1 || !(error.field ?? "").isEmpty {
            for violation in error.violations {
                lines.append("  \(violation.field.isEmpty ? "(document)" : violation.field): \(violation.code.rawValue) \(violation.message)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
