import Testing

@testable import Credentials

@Suite struct OpaqueTokenTests {
    @Test func generate_startsWithThePrefix_andEncodesTheBytesInBase64URL() throws {
        let token = OpaqueToken.generate(prefix: "sk_live_", bytes: 32)
        #expect(token.hasPrefix("sk_live_"))
        let body = token.dropFirst("sk_live_".count)
        #expect(body.count == 43)  // 32 bytes, unpadded
        let bytes = try #require(Base64.decode(body, alphabet: .url))
        #expect(bytes.count == 32)
        #expect(OpaqueToken.generate(prefix: "inv_", bytes: 16).count == 4 + 22)
        #expect(OpaqueToken.generate(prefix: "").count == 43)
    }

    @Test func generate_usesOnlyURLSafeCharacters() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<100 {
            #expect(OpaqueToken.generate(prefix: "rt_").dropFirst(3).allSatisfy(allowed.contains))
        }
    }

    @Test func generate_neverRepeatsOver1000Draws() {
        let tokens = (0..<1000).map { _ in OpaqueToken.generate(prefix: "sk_test_") }
        #expect(Set(tokens).count == 1000)
    }

    @Test func digest_isSHA256OfTheWholeToken() {
        // FIPS 180-2 Appendix B.1: SHA-256("abc").
        #expect(OpaqueToken.digestHex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(OpaqueToken.digestHex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(OpaqueToken.digest("abc").count == 32)
    }

    @Test func digest_isStable_andDiffersWithThePrefix() {
        let token = OpaqueToken.generate(prefix: "sk_live_")
        #expect(OpaqueToken.digest(token) == OpaqueToken.digest(token))
        #expect(Hex.encode(OpaqueToken.digest(token)) == OpaqueToken.digestHex(token))
        let test = "sk_test_" + token.dropFirst("sk_live_".count)
        #expect(OpaqueToken.digest(test) != OpaqueToken.digest(token))
    }
}
