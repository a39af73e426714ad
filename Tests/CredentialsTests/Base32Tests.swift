import Testing

@testable import Credentials

@Suite struct Base32Tests {
    /// RFC 4648 §10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test func encode_matchesRFC4648Section10_withAndWithoutPadding() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.encode(Array(plain.utf8), padding: true) == encoded)
            #expect(Base32.encode(Array(plain.utf8)) == encoded.filter { $0 != "=" })
        }
    }

    @Test func decode_readsRFC4648Section10_paddedUnpaddedAndLowercase() {
        for (plain, encoded) in Self.vectors {
            #expect(Base32.decode(encoded) == Array(plain.utf8), "\(encoded)")
            #expect(Base32.decode(encoded.filter { $0 != "=" }) == Array(plain.utf8), "\(encoded)")
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8), "\(encoded)")
        }
    }

    @Test func roundTrip_everyLengthUpTo64() {
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
            #expect(Base32.decode(Base32.encode(bytes, padding: true)) == bytes)
        }
    }

    @Test func decode_refusesInvalidInput() {
        for bad in [
            "MY=====",          // padded, but not to a multiple of eight
            "M=======",         // one character in the last group encodes no byte
            "MZX=====",         // three characters: no byte count gives that
            "MZXW6Y==",         // six characters: likewise
            "MZXW6YTB========", // a whole group of padding
            "MY==a===",         // data after padding
            "MZ======",         // nonzero unused bits: "MY" is the one spelling of "f"
            "MZXW 6YTB",        // whitespace
            "MZXW1YTB",         // '1' is not in the alphabet (nor 0, 8, 9)
            "MZXW-YTB",
            "MZXW6YTÉ",
        ] {
            #expect(Base32.decode(bad) == nil, "\(bad)")
        }
    }
}
