import RPCCore
import CommonAPI
import ProtoJSON

/// How the CLI prints failures: `ERROR <CODE_NAME>: message`, then the call's decoded
/// `StatusDetails` when it carried some, or the transcoder's violations one per line.
public enum ErrorFormatter {
    /// The fully qualified name of the details message (`cerniq.common.v1.StatusDetails`).
    public static let statusDetailsType = "cerniq.common.v1.StatusDetails"

    /// The generated schema of `cerniq.common.v1`, which holds `StatusDetails`.
    static let statusDetailsRegistry = CommonMetadata.registry

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
        if error.violations.count == 1 {
            let violation = error.violations[0]
            return "invalid request: " + (violation.field.isEmpty ? "" : "\(violation.field): ")
                + "\(violation.code.rawValue) \(violation.message)"
        }
        var lines = ["invalid request: \(error.code.rawValue): \(error.message)"]
        for violation in error.violations {
            lines.append("  \(violation.field.isEmpty ? "(document)" : violation.field): \(violation.code.rawValue) \(violation.message)")
        }
        return lines.joined(separator: "\n")
    }
}
