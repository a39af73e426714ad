import CProtobufC

/// Reads values out of an unpacked protobuf-c message for the generated `init(cMessage:)`.
package enum CRead {
    /// A C string as Swift text; NULL reads as empty. Invalid UTF-8 is repaired.
    package static func string(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text)
    }

    /// protobuf-c bytes as a Swift array.
    package static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard let base = data.data, data.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    /// A repeated field's `n_<field>` values at `values`.
    package static func buffer<T>(_ values: UnsafePointer<T>?, _ count: Int) -> UnsafeBufferPointer<T> {
        guard let values, count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: values, count: count)
    }

    /// A submessage, or nil for NULL.
    package static func message<M: ProtoCMessage>(_ message: UnsafePointer<M.CMessage>?, as type: M.Type) -> M? {
        message.map { M(cMessage: $0) }
    }

    /// Repeated submessages; NULL entries (never written by protobuf-c) are skipped.
    package static func messages<M: ProtoCMessage>(
        _ messages: UnsafePointer<UnsafeMutablePointer<M.CMessage>?>?, _ count: Int, as type: M.Type
    ) -> [M] {
        buffer(messages, count).compactMap { $0.map { M(cMessage: $0) } }
    }
}
