/// Unpadded base64url (RFC 4648 §5), as JWS compact serialization requires (RFC 7515 §2).
///
/// Strict on input, unlike `ProtoJSON.Base64`: only the URL-safe alphabet, no padding, no
/// whitespace, and the unused low bits of the last character must be zero. Each token then
/// has exactly one spelling, so no one can mint look-alike variants of a token they hold.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Whether `byte` is in the base64url alphabet.
    static func isAlphabet(_ byte: UInt8) -> Bool { decodeTable[Int(byte)] != 0xFF }

    /// The unpadded base64url text of `bytes`.
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var chunk: UInt32 = 0, filled = 0
        for byte in bytes {
            chunk = chunk << 8 | UInt32(byte)
            filled += 1
            if filled == 3 {
                for shift in [18, 12, 6, 0] { output.append(alphabet[Int(chunk >> UInt32(shift) & 63)]) }
                chunk = 0
                filled = 0
            }
        }
        if filled == 1 {
            output.append(alphabet[Int(chunk >> 2 & 63)])
            output.append(alphabet[Int(chunk << 4 & 63)])
        } else if filled == 2 {
            output.append(alphabet[Int(chunk >> 10 & 63)])
            output.append(alphabet[Int(chunk >> 4 & 63)])
            output.append(alphabet[Int(chunk << 2 & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not canonical unpadded base64url.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // A single leftover character carries only 6 bits: no byte can end there.
        guard text.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var chunk: UInt32 = 0, filled = 0
        for byte in text {
            let value = decodeTable[Int(byte)]
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
