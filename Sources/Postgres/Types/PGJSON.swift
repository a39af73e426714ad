import Foundation

/// A `Codable` value stored as JSON text in a `json` or `jsonb` column.
///
/// ```swift
/// try await tx.query("INSERT INTO events (tenant_id, body) VALUES (\(tenant), \(PGJSON(event)))")
/// let event = try row.decode(PGJSON<Event>.self, column: "body").value
/// ```
public struct PGJSON<Value: Codable & Sendable>: Sendable, PGEncodable, PGDecodable {
    /// The wrapped value.
    public var value: Value

    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }

    // Unspecified so the server reads the text as whichever of json/jsonb the column is.
    /// `.unspecified`: the server infers `json` or `jsonb` from the column.
    public static var pgType: PGDataType { .unspecified }

    /// The value encoded by `JSONEncoder` with sorted keys.
    public func pgEncode() throws -> PGParameterValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return .text(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw PGError(.invalidParameter, message: "\(Value.self) is not encodable as JSON")
        }
    }

    /// The column's JSON text decoded by `JSONDecoder`.
    public init(pgText text: String, type: PGDataType) throws {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw PGDecodingFailure("JSON does not decode as \(Value.self)")
        }
    }
}
