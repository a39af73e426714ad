import Foundation

/// A position in the createdAt order of products (003 §1.4 cursor pagination): the sort key
/// and the id that breaks its ties. Opaque to clients: base64 of `1:<microseconds>:<id>`,
/// versioned so the format can change without misreading old cursors.
struct ProductCursor: Sendable, Hashable {
    /// `created_at` in microseconds since 1970, as stored.
    var createdMicros: Int64
    /// The product's id.
    var id: UUID

    /// The cursor at `record`.
    init(_ record: ProductRecord) {
        createdMicros = record.createdMicros
        id = record.id
    }

    /// Reads an encoded cursor; nil when `text` is not one.
    init?(encoded text: String) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1", let micros = Int64(parts[1]), let id = UUID(uuidString: String(parts[2])) else {
            return nil
        }
        createdMicros = micros
        self.id = id
    }

    /// The opaque text a client passes back.
    var encoded: String {
        Data("1:\(createdMicros):\(id.uuidString.lowercased())".utf8).base64EncodedString()
    }
}
