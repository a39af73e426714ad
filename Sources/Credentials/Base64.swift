/// Unpadded base64 (RFC 4648 §4 and §5), in the standard or the URL-safe alphabet.
///
/// Password hashes use the standard alphabet without padding, as the PHC string format does;
/// opaque tokens use the URL-safe one so they travel in headers and links untouched. Decoding
/// is strict: one alphabet, no padding, no whitespace, and the unused low bits of the last
/// character must be zero, so every byte string has exactly one spelling (JWS segments rely on
/// that too: no one can mint look-alike spellings of a token they hold).
public enum Base64 {
    public enum Alphabet: Sendable {
        /// `A–Z a–z 0–9 + /` (RFC 4648 §4).
        case standard
        /// `A–Z a–z 0–9 - _` (RFC 4648 §5).
        case url

        fileprivate var characters: [UInt8] {
            switch self {
            case .standard: Base64.standardCharacters
            case .url: Base64.urlCharacters
            }
        }

        fileprivate var decodeTable: [UInt8] {
            switch self {
            case .standard: Base64.standardTable
            case .url: Base64.urlTable
            }
        }
    }

    private static let standardCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardTable = table(standardCharacters)
    private static let urlTable = table(urlCharacters)

    private static func table(_ characters: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in characters.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }

    /// Whether `byte` is a character of `alphabet`.
    public static func isCharacter(_ byte: UInt8, of alphabet: Alphabet) -> Bool { alphabet.decodeTable[Int(byte)] != 0xFF }

    /// The unpadded base64 text of `bytes`.
    public static func encode<Bytes: Collection<UInt8>>(_ collection: Bytes, alphabet: Alphabet) -> String {
        let bytes = Array(collection)
        let characters = alphabet.characters
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift: UInt32 in [18, 12, 6, 0] { output.append(characters[Int(chunk >> shift & 63)]) }
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let chunk = UInt32(bytes[index])
            output.append(characters[Int(chunk >> 2)])
            output.append(characters[Int(chunk << 4 & 63)])
        case 2:
            let chunk = UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            output.append(characters[Int(chunk >> 10)])
            output.append(characters[Int(chunk >> 4 & 63)])
            output.append(characters[Int(chunk << 2 & 63)])
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not canonical unpadded base64 in `alphabet`.
    public static func decode(_ text: Substring, alphabet: Alphabet) -> [UInt8]? {
        decode(bytes: text.utf8, alphabet: alphabet)
    }

    /// `decode` for text given as its UTF-8 bytes (a token's segment, without copying it).
    public static func decode<Bytes: Collection<UInt8>>(bytes utf8: Bytes, alphabet: Alphabet) -> [UInt8]? {
        let table = alphabet.decodeTable
        // One leftover character carries only 6 bits: no byte can end there.
        guard utf8.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count * 3 / 4)
        var chunk: UInt32 = 0, filled = 0
        for byte in utf8 {
            let value = table[Int(byte)]
            guard value != 0xFF else { return nil }
            chunk = chunk << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                output.append(UInt8(truncatingIfNeeded: chunk >> 16))
                output.append(UInt8(truncatingIfNeeded: chunk >> 8))
                output.append(UInt8(truncatingIfNeeded: chunk))
                chunk = 0
                filled = 0
            }
        }
        switch filled {
        case 2:  // 12 bits: one byte and 4 unused bits
            guard chunk & 0x0F == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: chunk >> 4))
        case 3:  // 18 bits: two bytes and 2 unused bits
            guard chunk & 0x03 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: chunk >> 10))
            output.append(UInt8(truncatingIfNeeded: chunk >> 2))
        default:
            break
        }
        return output
    }
}
