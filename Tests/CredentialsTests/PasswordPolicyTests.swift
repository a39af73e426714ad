import Testing

@testable import Credentials

@Suite struct PasswordPolicyTests {
    let strict = PasswordPolicy(minLength: 12, requireUppercase: true, requireNumber: true, requireSpecial: true)

    @Test func violations_emptyForAPasswordMeetingEveryRule() {
        #expect(strict.violations(of: "Sunny-day-2024") == [])
        #expect(PasswordPolicy().violations(of: "longenough") == [])
    }

    @Test func violations_listEveryBrokenRule_inAFixedOrder() {
        #expect(strict.violations(of: "short") == [
            "Password must be at least 12 characters long.",
            "Password must contain an uppercase letter.",
            "Password must contain a number.",
            "Password must contain a special character.",
        ])
    }

    @Test func violations_eachRuleAlone() {
        #expect(strict.violations(of: "Sunny-day-20") == [])
        #expect(strict.violations(of: "Sunny-day-2") == ["Password must be at least 12 characters long."])
        #expect(strict.violations(of: "sunny-day-2024") == ["Password must contain an uppercase letter."])
        #expect(strict.violations(of: "Sunny-day-four") == ["Password must contain a number."])
        #expect(strict.violations(of: "SunnyDay2024xx") == ["Password must contain a special character."])
    }

    @Test func violations_countCharactersAsReadersSeeThem_inAnyScript() {
        let policy = PasswordPolicy(minLength: 4, requireUppercase: true)
        // Four characters, though "é" is two code points here and "👍🏽" two scalars.
        #expect(policy.violations(of: "Ée\u{301}👍🏽x") == [])
        #expect(PasswordPolicy(minLength: 5).violations(of: "Ée\u{301}👍🏽x") == ["Password must be at least 5 characters long."])
        #expect(PasswordPolicy(minLength: 1, requireUppercase: true).violations(of: "Ж") == [])
        #expect(PasswordPolicy(minLength: 1, requireNumber: true).violations(of: "٣") == [])
    }

    @Test func violations_countASpaceOrSymbolAsSpecial() {
        let policy = PasswordPolicy(minLength: 1, requireSpecial: true)
        #expect(policy.violations(of: "a b") == [])
        #expect(policy.violations(of: "a€") == [])
        #expect(policy.violations(of: "aé9") == ["Password must contain a special character."])
    }

    @Test func violations_refuseMoreThan1024Bytes_whateverThePolicy() {
        let policy = PasswordPolicy(minLength: 1)
        #expect(policy.violations(of: String(repeating: "a", count: 1024)) == [])
        #expect(policy.violations(of: String(repeating: "a", count: 1025)) == ["Password must be at most 1024 bytes long."])
        // Bytes, not characters: 513 two-byte characters are 1026 bytes.
        #expect(policy.violations(of: String(repeating: "é", count: 513)) == ["Password must be at most 1024 bytes long."])
    }
}
