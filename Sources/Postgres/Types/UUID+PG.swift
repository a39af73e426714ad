import Foundation

extension UUID: PGEncodable {
    /// `uuid`
    public static var pgType: PGDataType { .uuid }
    /// The lower-case canonical form, as PostgreSQL prints it.
    public func pgEncode() throws -> PGParameterValue { .text(uuidString.lowercased()) }
}

extension UUID: PGDecodable {
    /// A `uuid` column or UUID text.
    public init(pgText text: String, type: PGDataType) throws {
        guard let value = UUID(uuidString: text) else { throw PGDecodingFailure("not a UUID") }
        self = value
    }
}
