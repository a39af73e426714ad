import Testing

@testable import Credentials

@Suite struct Base64Tests {
    /// RFC 4648 §10, padding removed.
    @Test func encode_matchesRFC4648Section10() {
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"),
                                 ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            #expect(Base64.encode(Array(plain.utf8), alphabet: .standard) == encoded)
            #expect(Base64.decode(Substring(encoded), alphabet: .standard) == Array(plain.utf8))
        }
    }

    @Test func alphabets_differOnlyInTheLastTwoCharacters() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]
        #expect(Base64.encode(bytes, alphabet: .standard) == "+/+/")
        #expect(Base64.encode(bytes, alphabet: .url) == "-_-_")
        #expect(Base64.decode("+/+/", alphabet: .url) == nil)
        #expect(Base64.decode("-_-_", alphabet: .standard) == nil)
    }

    @Test func decode_refusesPaddingStrayBitsAndImpossibleLengths() {
        for bad in ["Zg==", "Zh", "Z", "Zm9vY", "Zm9 v", "Zm9v\n"] {
            #expect(Base64.decode(Substring(bad), alphabet: .standard) == nil, "\(bad)")
        }
    }

    @Test func roundTrip_everyLengthUpTo64() {
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 7) }
            for alphabet in [Base64.Alphabet.standard, .url] {
                #expect(Base64.decode(Substring(Base64.encode(bytes, alphabet: alphabet)), alphabet: alphabet) == bytes)
            }
        }
    }
}
