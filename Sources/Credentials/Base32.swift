/// Base32 (RFC 4648 §6), the encoding of TOTP secrets in `otpauth://` URIs and in the text a
/// user types when an authenticator app cannot scan the QR code.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
            // Lowercase decodes too: people retype secrets by hand (RFC 4648 §6 allows
            // case-insensitive decoding as an application choice).
            table[Int(byte | 0x20)] = UInt8(index)
        }
        return table
    }()

    /// The uppercase base32 text of `bytes`; with `padding`, `=` fills the last group to eight
    /// characters. Authenticator apps expect the secret without padding.
    public static func encode(_ bytes: [UInt8], padding: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 4) / 5 * 8)
        var buffer: UInt64 = 0, bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int(buffer >> UInt64(bits) & 31)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int(buffer << UInt64(5 - bits) & 31)])
        }
        if padding {
            while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not base32.
    ///
    /// Upper- or lowercase; padding optional, but when present it must be exactly what fills
    /// the last group to eight characters. Whitespace, other characters, a length no byte
    /// count produces (1, 3 or 6 characters in the last group) and nonzero unused bits in the
    /// last character are refused, so one secret has one spelling apart from case and padding.
    public static func decode(_ text: String) -> [UInt8]? {
        var characters = Array(text.utf8)
        if let firstPad = characters.firstIndex(of: UInt8(ascii: "=")) {
            guard characters.count % 8 == 0,
                  characters[firstPad...].allSatisfy({ $0 == UInt8(ascii: "=") }) else { return nil }
            characters.removeSubrange(firstPad...)
            // Padding fills only the last group, and only as much as the data left empty.
            guard characters.count + 8 > text.utf8.count, characters.count % 8 != 0 else { return nil }
        }
        // Leftover characters per final group for 1, 2, 3 and 4 bytes: 2, 4, 5, 7.
        guard [0, 2, 4, 5, 7].contains(characters.count % 8) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 5 / 8)
        var buffer: UInt64 = 0, bits = 0
        for character in characters {
            let value = decodeTable[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 5 | UInt64(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt64(bits)))
            }
        }
        // The bits left over are the unused tail of the last character: they must be zero.
        guard buffer & ((1 << UInt64(bits)) - 1) == 0 else { return nil }
        return output
    }
}
