/// The textual UUID check for `tenantId`: 8-4-4-4-12 hexadecimal digits, either case.
/// Done by hand rather than with Foundation's `UUID(uuidString:)` to stay allocation-free
/// on the verification path.
enum UUIDText {
    static func isValid(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            switch count {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            default:
                guard isHex(byte) else { return false }
            }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
