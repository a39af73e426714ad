import ProtoJSON

/// The bytes of each load request: encoded once when the body has no template markers,
/// rendered and encoded per request when it has.
public enum RequestSource: Sendable {
    case fixed([UInt8])
    case templated(RequestTemplate, JSONTranscoder, messageType: String)

    /// Builds the source for `json`, checking that it encodes (once rendered, when templated).
    public static func make(json: JSONValue, messageType: String, transcoder: JSONTranscoder) throws -> RequestSource {
        let template = try RequestTemplate(json: json)
        guard template.isTemplated else { return .fixed(try transcoder.encode(json, messageType: messageType)) }
        var random = SplitMix64(seed: 1)
        _ = try transcoder.encode(template.render(counter: 0, using: &random), messageType: messageType)
        return .templated(template, transcoder, messageType: messageType)
    }

    /// The request with sequence number `counter`.
    @inline(__always)
    public func request(counter: UInt64, using random: inout SplitMix64) throws -> [UInt8] {
        switch self {
        case .fixed(let bytes): return bytes
        case .templated(let template, let transcoder, let messageType):
            return try transcoder.encode(template.render(counter: counter, using: &random), messageType: messageType)
        }
    }
}
