extension TOTP {
    /// The `otpauth://totp/...` URI an authenticator app scans from a QR code (the Key URI
    /// Format of Google Authenticator, which every app follows):
    /// `otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30`.
    ///
    /// The issuer appears both in the label and as a parameter, as the format recommends.
    /// Issuer and account are percent-encoded except for RFC 3986's unreserved characters, so
    /// a ':' or '&' in them cannot split the label or add a parameter.
    public func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let issuerText = Self.percentEncoded(issuer)
        return "otpauth://totp/\(issuerText):\(Self.percentEncoded(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(issuerText)"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }

    /// Each UTF-8 byte outside `A–Z a–z 0–9 - . _ ~` as %XX (RFC 3986 §2.1, §2.3).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
