import Testing

@testable import Credentials

@Suite struct ScryptTests {
    /// RFC 7914 §12, third vector: P = "password", S = "NaCl", N = 1024, r = 8, p = 16, dkLen = 64.
    @Test func deriveKey_matchesRFC7914Section12() {
        let key = Scrypt.deriveKey(password: Array("password".utf8), salt: Array("NaCl".utf8),
                                   parameters: ScryptParameters(logN: 10, r: 8, p: 16), length: 64)
        #expect(key.map(Hex.encode) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func deriveKey_refusesAnEmptyKey() {
        #expect(Scrypt.deriveKey(password: [], salt: [], parameters: ScryptParameters(logN: 4, r: 1, p: 1), length: 0) == nil)
    }

    @Test func memoryBytes_isWhatOpenSSLChecksAgainstMaxmem() {
        // 128·r·(N + p + 2): V plus B plus OpenSSL's two blocks of scratch.
        #expect(ScryptParameters.default.memoryBytes == 128 * 8 * (32768 + 1 + 2))
    }

    @Test func storedBounds_refuseEachParameterAboveItsLimit_andTheLargestProduct() {
        #expect(ScryptParameters.acceptsFromStorage(logN: 15, r: 8, p: 1))
        #expect(ScryptParameters.acceptsFromStorage(logN: 20, r: 8, p: 4))
        #expect(ScryptParameters.acceptsFromStorage(logN: 19, r: 16, p: 4))
        #expect(!ScryptParameters.acceptsFromStorage(logN: 21, r: 1, p: 1))
        #expect(!ScryptParameters.acceptsFromStorage(logN: 10, r: 17, p: 1))
        #expect(!ScryptParameters.acceptsFromStorage(logN: 10, r: 8, p: 5))
        #expect(!ScryptParameters.acceptsFromStorage(logN: 0, r: 8, p: 1))
        #expect(!ScryptParameters.acceptsFromStorage(logN: 10, r: 0, p: 1))
        // Each within its own bound, but 2 GiB together.
        #expect(!ScryptParameters.acceptsFromStorage(logN: 20, r: 16, p: 1))
    }
}
