/// Call metadata: small key/value pairs that travel with a request (Protos/README.md §Metadata).
/// Keys are lower-case ASCII of at most 255 bytes; values are bytes of at most 65,535.
public struct Metadata: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: [UInt8]
        public init(key: String, value: [UInt8]) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// Well-known keys.
    public enum Key {
        public static let tenant = "tenant"
        /// An encoded `cerniq.common.v1.Principal`, set by the gateway for the end user.
        public static let principal = "principal"
        public static let requestID = "request-id"
        /// A W3C trace context `traceparent` header value.
        public static let traceparent = "traceparent"
        /// The end client's address and user agent as the gateway saw them, for the audit log.
        public static let clientAddress = "client-address"
        public static let userAgent = "user-agent"
    }

    public subscript(bytes key: String) -> [UInt8]? {
        get { entries.first { $0.key == key }?.value }
        set {
            entries.removeAll { $0.key == key }
            if let newValue { entries.append(Entry(key: key, value: newValue)) }
        }
    }

    public subscript(key: String) -> String? {
        get { self[bytes: key].map { String(decoding: $0, as: UTF8.self) } }
        set { self[bytes: key] = newValue.map { Array($0.utf8) } }
    }

    public var tenant: String? {
        get { self[Key.tenant] }
        set { self[Key.tenant] = newValue }
    }
    public var requestID: String? {
        get { self[Key.requestID] }
        set { self[Key.requestID] = newValue }
    }
    public var traceparent: String? {
        get { self[Key.traceparent] }
        set { self[Key.traceparent] = newValue }
    }
    public var principal: [UInt8]? {
        get { self[bytes: Key.principal] }
        set { self[bytes: Key.principal] = newValue }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Fills keys this metadata lacks from `other` (used to propagate a handler's metadata to its outbound calls).
    public func merging(missingFrom other: Metadata) -> Metadata {
        var result = self
        for entry in other.entries where result[bytes: entry.key] == nil {
            result.entries.append(entry)
        }
        return result
    }
}
