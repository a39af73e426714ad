import Testing

@testable import Credentials

@Suite struct TOTPTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    /// RFC 6238 Appendix B, every row: (time, SHA-1, SHA-256, SHA-512), 8 digits, 30 s steps.
    static let appendixB: [(Int64, String, String, String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ]

    @Test func code_matchesRFC6238AppendixB_sha1() {
        let totp = TOTP(digits: 8)
        for (time, sha1, _, _) in Self.appendixB {
            #expect(totp.code(secret: Self.sha1Seed, at: time) == sha1, "T = \(time)")
        }
    }

    @Test func code_matchesRFC6238AppendixB_sha256AndSha512() {
        let sha256 = TOTP(digits: 8, algorithm: .sha256)
        let sha512 = TOTP(digits: 8, algorithm: .sha512)
        for (time, _, expected256, expected512) in Self.appendixB {
            #expect(sha256.code(secret: Self.sha256Seed, at: time) == expected256, "T = \(time)")
            #expect(sha512.code(secret: Self.sha512Seed, at: time) == expected512, "T = \(time)")
        }
    }

    @Test func code_hasSixDigitsByDefault_theLowDigitsOfTheEightDigitCode() {
        #expect(TOTP().code(secret: Self.sha1Seed, at: 59) == "287082")
    }

    @Test func verify_returnsTheMatchedStep() {
        let totp = TOTP()
        let now: Int64 = 1_700_000_000
        let code = totp.code(secret: Self.sha1Seed, at: now)
        #expect(totp.verify(code: code, secret: Self.sha1Seed, at: now) == now / 30)
    }

    @Test func verify_acceptsTheNeighbouringSteps_withinTheWindowOnly() {
        let totp = TOTP()
        let now: Int64 = 1_700_000_000
        let step = now / 30
        let previous = totp.code(secret: Self.sha1Seed, step: step - 1)
        let next = totp.code(secret: Self.sha1Seed, step: step + 1)
        let twoAgo = totp.code(secret: Self.sha1Seed, step: step - 2)
        #expect(totp.verify(code: previous, secret: Self.sha1Seed, at: now) == step - 1)
        #expect(totp.verify(code: next, secret: Self.sha1Seed, at: now) == step + 1)
        #expect(totp.verify(code: twoAgo, secret: Self.sha1Seed, at: now) == nil)
        #expect(totp.verify(code: twoAgo, secret: Self.sha1Seed, at: now, window: 2) == step - 2)
        #expect(totp.verify(code: previous, secret: Self.sha1Seed, at: now, window: 0) == nil)
    }

    @Test func verify_capsTheWindow() {
        let totp = TOTP()
        let now: Int64 = 1_700_000_000
        let far = totp.code(secret: Self.sha1Seed, step: now / 30 - Int64(TOTP.maximumWindow) - 1)
        #expect(totp.verify(code: far, secret: Self.sha1Seed, at: now, window: 1000) == nil)
    }

    @Test func verify_refusesAWrongCode() {
        let totp = TOTP()
        let now: Int64 = 1_700_000_000
        let code = totp.code(secret: Self.sha1Seed, at: now)
        let wrong = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
        #expect(totp.verify(code: wrong, secret: Self.sha1Seed, at: now) == nil)
        #expect(totp.verify(code: code, secret: Array("abcdefghijklmnopqrst".utf8), at: now) == nil)
    }

    @Test func verify_refusesCodesThatAreNotExactlyTheDigits() {
        let totp = TOTP()
        let now: Int64 = 1_700_000_000
        let code = totp.code(secret: Self.sha1Seed, at: now)
        for bad in ["", " " + code, code + " ", "0" + code, String(code.dropLast()), "12345a",
                    "１２３４５６", "-12345"] {
            #expect(totp.verify(code: bad, secret: Self.sha1Seed, at: now) == nil, "\(bad)")
        }
    }

    @Test func verify_refusesSecretsShorterThan128Bits() {
        let totp = TOTP()
        let short = [UInt8](repeating: 7, count: 15)
        let code = totp.code(secret: short, at: 1_700_000_000)
        #expect(totp.verify(code: code, secret: short, at: 1_700_000_000) == nil)
        #expect(totp.verify(code: totp.code(secret: [], at: 0), secret: [], at: 0) == nil)
    }

    @Test func step_isTheFloorOfTimeOverPeriod_andZeroBeforeTheEpoch() {
        let totp = TOTP()
        #expect(totp.step(at: 0) == 0)
        #expect(totp.step(at: 29) == 0)
        #expect(totp.step(at: 30) == 1)
        #expect(totp.step(at: -100) == 0)
        #expect(TOTP(period: 60).step(at: 119) == 1)
    }

    @Test func generateSecret_is20RandomBytes() {
        let first = TOTP.generateSecret()
        #expect(first.count == 20)
        #expect(first != TOTP.generateSecret())
    }

    @Test func provisioningURI_spellsTheKeyURIFormat_withEscapedLabel() {
        let uri = TOTP().provisioningURI(secret: Self.sha1Seed, account: "ana+ops@example.com", issuer: "Cerniq Sales")
        #expect(uri == "otpauth://totp/Cerniq%20Sales:ana%2Bops%40example.com"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Cerniq%20Sales&algorithm=SHA1&digits=6&period=30")
    }

    @Test func provisioningURI_escapesSeparatorsSoTheyCannotAddParameters() {
        let uri = TOTP(digits: 8, algorithm: .sha256).provisioningURI(
            secret: Self.sha1Seed, account: "a:b&secret=X", issuer: "Ä?")
        #expect(uri.hasPrefix("otpauth://totp/%C3%84%3F:a%3Ab%26secret%3DX?secret=GEZDGNBVGY3TQOJQ"))
        #expect(uri.hasSuffix("&issuer=%C3%84%3F&algorithm=SHA256&digits=8&period=30"))
    }
}
