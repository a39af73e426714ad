import Testing

@testable import Credentials

@Suite struct PasswordHasherTests {
    /// N = 16: cheap enough that tests can hash freely.
    static let cheap = ScryptParameters(logN: 4, r: 1, p: 1)
    let hasher = PasswordHasher(parameters: cheap)

    @Test func hash_thenVerify_acceptsThePassword_andRefusesAnother() {
        let stored = hasher.hash("correct horse battery staple")
        #expect(hasher.verify("correct horse battery staple", against: stored))
        #expect(!hasher.verify("correct horse battery stapl", against: stored))
        #expect(!hasher.verify("Correct horse battery staple", against: stored))
        #expect(!hasher.verify("", against: stored))
    }

    @Test func hash_spellsTheDocumentedFormat() throws {
        let stored = hasher.hash("pw")
        #expect(stored.hasPrefix("$scrypt$ln=4,r=1,p=1$"))
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        // 16-byte salt and 32-byte key: 22 and 43 base64 characters, no padding.
        #expect(fields[3].count == 22)
        #expect(fields[4].count == 43)
        let parsed = try #require(StoredPasswordHash(parsing: stored))
        #expect(parsed.encoded == stored)
    }

    @Test func hash_usesAFreshSaltEachTime() {
        let first = hasher.hash("same"), second = hasher.hash("same")
        #expect(first != second)
        #expect(hasher.verify("same", against: first) && hasher.verify("same", against: second))
    }

    @Test func defaultParameters_roundTrip() {
        let hasher = PasswordHasher()
        let stored = hasher.hash("hunter2")
        #expect(stored.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(hasher.verify("hunter2", against: stored))
        #expect(!hasher.needsRehash(stored))
    }

    @Test func verify_readsParametersFromTheStoredString_notFromTheHasher() {
        let stored = hasher.hash("pw")
        #expect(PasswordHasher(parameters: ScryptParameters(logN: 5, r: 2, p: 1)).verify("pw", against: stored))
    }

    @Test func verify_normalizesUnicode_soComposedAndDecomposedAccentsMatch() {
        let stored = hasher.hash("caf\u{E9}")
        #expect(hasher.verify("cafe\u{301}", against: stored))
    }

    @Test func verify_refusesATamperedSaltOrHash() throws {
        let stored = try #require(StoredPasswordHash(parsing: hasher.hash("pw")))
        var salt = stored, hash = stored, parameters = stored
        salt.salt[0] ^= 1
        hash.hash[31] ^= 0x80
        parameters.parameters = ScryptParameters(logN: 5, r: 1, p: 1)
        #expect(!hasher.verify("pw", against: salt.encoded))
        #expect(!hasher.verify("pw", against: hash.encoded))
        #expect(!hasher.verify("pw", against: parameters.encoded))
        // scrypt's first 16 bytes do not depend on the length asked for, so a key cut short
        // would verify as a weaker hash: the parser refuses keys below 32 bytes.
        var short = stored
        short.hash.removeLast(16)
        #expect(Scrypt.deriveKey(password: Array("pw".utf8), salt: stored.salt, parameters: stored.parameters, length: 16) == short.hash)
        #expect(!hasher.verify("pw", against: short.encoded))
        var shortSalt = stored
        shortSalt.salt.removeLast(1)
        #expect(!hasher.verify("pw", against: shortSalt.encoded))
    }

    @Test func verify_refusesMalformedStoredStrings() {
        let good = hasher.hash("pw")
        let fields = good.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let salt = fields[3], key = fields[4]
        let malformed = [
            "",
            "$",
            "$scrypt$",
            "pw",
            good + "$",
            "$" + good,
            " " + good,
            good + "=",                                      // padding
            String(good.dropLast()),                         // a truncated key
            "$scrypt$ln=4,r=1,p=1$\(salt)",                  // missing the hash
            "$argon2id$ln=4,r=1,p=1$\(salt)$\(key)",         // another function
            "$SCRYPT$ln=4,r=1,p=1$\(salt)$\(key)",
            "scrypt$ln=4,r=1,p=1$\(salt)$\(key)",
            "$scrypt$ln=4,r=1$\(salt)$\(key)",               // a missing parameter
            "$scrypt$r=1,ln=4,p=1$\(salt)$\(key)",           // out of order
            "$scrypt$ln=4,r=1,p=1,x=1$\(salt)$\(key)",
            "$scrypt$ln=04,r=1,p=1$\(salt)$\(key)",          // leading zero
            "$scrypt$ln=+4,r=1,p=1$\(salt)$\(key)",
            "$scrypt$ln=4 ,r=1,p=1$\(salt)$\(key)",
            "$scrypt$ln=,r=1,p=1$\(salt)$\(key)",
            "$scrypt$ln=4,r=1,p=1$!!!!$\(key)",              // bad base64
            "$scrypt$ln=4,r=1,p=1$\(salt)$\(key.replacingFirst("A", "-"))",
            "$scrypt$ln=4,r=1,p=1$$\(key)",                  // empty salt
            "$scrypt$ln=4,r=1,p=1$AAAA$\(key)",              // 3-byte salt
            "$scrypt$ln=4,r=1,p=1$\(salt)$\(key.prefix(22))", // 16-byte key
            "$scrypt$ln=4,r=1,p=1$\(salt)$AAAAAAAA",         // 6-byte key
            "$scrypt$ln=4,r=1,p=1$\(salt)$\(String(repeating: "A", count: 300))",
        ]
        for stored in malformed {
            #expect(!hasher.verify("pw", against: stored), "\(stored)")
        }
    }

    /// ln = 40 would ask scrypt for 128 TiB. Parsing refuses it, and `verify` derives only from
    /// a parsed hash, so nothing is allocated; the test would run out of memory otherwise.
    @Test func verify_refusesAbsurdParameters_beforeDeriving() {
        let good = hasher.hash("pw")
        let tail = good.split(separator: "$", omittingEmptySubsequences: false).suffix(2).joined(separator: "$")
        for parameters in ["ln=40,r=8,p=1", "ln=21,r=8,p=1", "ln=15,r=17,p=1", "ln=15,r=8,p=5",
                           "ln=0,r=8,p=1", "ln=15,r=0,p=1", "ln=15,r=8,p=0", "ln=20,r=16,p=4",
                           "ln=99999999999999999999,r=8,p=1"] {
            let stored = "$scrypt$\(parameters)$\(tail)"
            #expect(StoredPasswordHash(parsing: stored) == nil, "\(parameters)")
            #expect(!hasher.verify("pw", against: stored), "\(parameters)")
        }
    }

    @Test func needsRehash_whenStoredParametersAreBelowTheCurrentOnes() {
        let old = hasher.hash("pw")
        #expect(!hasher.needsRehash(old))
        #expect(PasswordHasher(parameters: ScryptParameters(logN: 5, r: 1, p: 1)).needsRehash(old))
        #expect(PasswordHasher(parameters: ScryptParameters(logN: 4, r: 2, p: 1)).needsRehash(old))
        #expect(PasswordHasher(parameters: ScryptParameters(logN: 4, r: 1, p: 2)).needsRehash(old))
        #expect(PasswordHasher().needsRehash(old))
        // Stronger than current is not a reason to rehash.
        let strong = PasswordHasher(parameters: ScryptParameters(logN: 5, r: 2, p: 1)).hash("pw")
        #expect(!hasher.needsRehash(strong))
    }

    @Test func needsRehash_whenTheStoredStringIsUnreadable() {
        #expect(hasher.needsRehash(""))
        #expect(hasher.needsRehash("$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
    }

    @Test func verifyAgainstDummy_isAlwaysFalse() {
        #expect(!hasher.verifyAgainstDummy("pw"))
        #expect(!hasher.verifyAgainstDummy(""))
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, _ replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return String(replacement) + self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
