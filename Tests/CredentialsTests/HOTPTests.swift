import Testing

@testable import Credentials

@Suite struct HOTPTests {
    /// RFC 4226 Appendix D: the ASCII secret "12345678901234567890", counters 0 through 9.
    @Test func code_matchesRFC4226AppendixD() {
        let secret = Array("12345678901234567890".utf8)
        let expected = ["755224", "287082", "359152", "969429", "338314",
                        "254676", "287922", "162583", "399871", "520489"]
        for (counter, code) in expected.enumerated() {
            #expect(HOTP.code(secret: secret, counter: UInt64(counter)) == code, "counter \(counter)")
        }
    }

    @Test func code_keepsLeadingZeros() {
        // RFC 6238's vector at T = 1111111109 is 07081804: the zero must survive.
        let secret = Array("12345678901234567890".utf8)
        #expect(HOTP.code(secret: secret, counter: 1111111109 / 30, digits: 8) == "07081804")
    }
}
