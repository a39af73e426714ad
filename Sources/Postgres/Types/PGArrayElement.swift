import Foundation

/// An element type of Swift arrays that travel as one parameter or column. The element
/// decides how the whole array is written: `[String]`, `[Int]`, `[Int32]`, `[Bool]` and
/// `[UUID]` are one-dimensional PostgreSQL arrays (`text[]`, `int8[]`, …); `[UInt8]` is `bytea`.
///
/// Types that are both `PGEncodable` and `PGDecodable` get the array forms for free:
/// `extension MyID: PGArrayElement { static var pgArrayType: PGDataType { .uuidArray } }`.
public protocol PGArrayElement: Sendable {
    /// The type announced for an array of this element.
    static var pgArrayType: PGDataType { get }
    /// Encodes a whole array.
    static func pgEncodeArray(_ elements: [Self]) throws -> PGParameterValue
    /// Decodes a whole array from its text form; throws on NULL elements and nested arrays.
    static func pgDecodeArray(_ text: String, type: PGDataType) throws -> [Self]
}

extension PGArrayElement where Self: PGEncodable & PGDecodable {
    /// An array literal with every element quoted: `{"a","b \"c\""}`.
    public static func pgEncodeArray(_ elements: [Self]) throws -> PGParameterValue {
        var texts: [String] = []
        texts.reserveCapacity(elements.count)
        for element in elements {
            switch try element.pgEncode() {
            case .text(let text): texts.append(text)
            case .null, .binary: throw PGError(.invalidParameter, message: "array element of \(Self.self) is not text")
            }
        }
        return .text(PGArrayLiteral.format(texts))
    }

    /// Each element decoded with `init(pgText:type:)`.
    public static func pgDecodeArray(_ text: String, type: PGDataType) throws -> [Self] {
        try PGArrayLiteral.parse(text).map { element in
            guard let element else { throw PGDecodingFailure("array has a NULL element") }
            return try Self(pgText: element, type: .unknown)
        }
    }
}

extension String: PGArrayElement {
    /// `text[]`
    public static var pgArrayType: PGDataType { .textArray }
}

extension Int: PGArrayElement {
    /// `int8[]`
    public static var pgArrayType: PGDataType { .int8Array }
}

extension Int64: PGArrayElement {
    /// `int8[]`
    public static var pgArrayType: PGDataType { .int8Array }
}

extension Int32: PGArrayElement {
    /// `int4[]`
    public static var pgArrayType: PGDataType { .int4Array }
}

extension Bool: PGArrayElement {
    /// `bool[]`
    public static var pgArrayType: PGDataType { .boolArray }
}

extension UUID: PGArrayElement {
    /// `uuid[]`
    public static var pgArrayType: PGDataType { .uuidArray }
}

extension UInt8: PGArrayElement {
    /// `bytea`: `[UInt8]` is a byte string, not an array of numbers.
    public static var pgArrayType: PGDataType { .bytea }

    /// The bytes as they are, in binary format: nothing to escape.
    public static func pgEncodeArray(_ elements: [UInt8]) throws -> PGParameterValue { .binary(elements) }

    /// `bytea` text in hex (`\x0aff`, the server default) or the older escape format.
    public static func pgDecodeArray(_ text: String, type: PGDataType) throws -> [UInt8] {
        guard let bytes = PGByteaText.parse(text) else { throw PGDecodingFailure("not bytea text") }
        return bytes
    }
}

extension Array: PGEncodable where Element: PGArrayElement {
    /// The element's array type.
    public static var pgType: PGDataType { Element.pgArrayType }
    /// Encoded by the element type.
    public func pgEncode() throws -> PGParameterValue { try Element.pgEncodeArray(self) }
}

extension Array: PGDecodable where Element: PGArrayElement {
    /// Decoded by the element type.
    public init(pgText text: String, type: PGDataType) throws {
        self = try Element.pgDecodeArray(text, type: type)
    }
}
