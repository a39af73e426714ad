import Testing
@testable import GatewayAuth

@Suite struct CachingTokenVerifierTests {
    typealias F = TokenFixtures

    func verify(_ cache: CachingTokenVerifier, _ token: String, now: Int64 = F.now) -> Result<AccessTokenClaims, AuthFailure> {
        Result { () throws(AuthFailure) in try cache.verify(authorizationHeader: F.bearer(token), now: now) }
    }

    @Test func returnsTheSameClaims_onAHit() throws {
        let cache = CachingTokenVerifier(verifier: F.verifier)
        let claims = F.claims()
        let token = F.key.sign(claims)
        #expect(try verify(cache, token).get() == claims)
        #expect(cache.count == 1)
        #expect(try verify(cache, token, now: F.now + 60).get() == claims)
        #expect(cache.count == 1)
    }

    @Test func refusesACachedToken_onceExpired_andForgetsIt() throws {
        let cache = CachingTokenVerifier(verifier: F.verifier)
        let token = F.key.sign(F.claims(exp: F.now + 100))
        _ = try verify(cache, token).get()
        #expect(verify(cache, token, now: F.now + 129).isSuccess)
        #expect(verify(cache, token, now: F.now + 130).failure == .tokenExpired)
        #expect(cache.count == 0)
    }

    @Test func rechecksNotBefore_onAHit() throws {
        let cache = CachingTokenVerifier(verifier: F.verifier)
        let token = F.key.sign(F.claims(nbf: F.now + 10))
        _ = try verify(cache, token, now: F.now + 10).get()
        #expect(verify(cache, token, now: F.now - 21).failure == .tokenInvalid)
    }

    @Test func neverConfusesTwoTokens() throws {
        let cache = CachingTokenVerifier(verifier: F.verifier)
        let first = F.claims(jti: "a"), second = F.claims(jti: "b")
        let firstToken = F.key.sign(first), secondToken = F.key.sign(second)
        #expect(try verify(cache, firstToken).get() == first)
        #expect(try verify(cache, secondToken).get() == second)
        #expect(try verify(cache, firstToken).get() == first)
        // A cached token with its signature altered is a different key: verified afresh, refused.
        let altered = String(firstToken.dropLast()) + (firstToken.last == "A" ? "Q" : "A")
        #expect(verify(cache, altered).failure == .tokenInvalid)
        // A tampered payload under the cached token's signature is refused, too.
        let parts = firstToken.split(separator: ".")
        let forged = "\(parts[0]).\(F.b64(F.payload(["roles": #"["admin"]"#]))).\(parts[2])"
        #expect(verify(cache, forged).failure == .tokenInvalid)
    }

    @Test func doesNotCacheFailures() {
        let cache = CachingTokenVerifier(verifier: F.verifier)
        #expect(verify(cache, F.otherKey.sign(F.claims())).failure == .tokenInvalid)
        #expect(verify(cache, F.key.sign(F.claims(iat: F.now - 900, exp: F.now - 100))).failure == .tokenExpired)
        #expect(verify(cache, F.key.sign(F.claims(nbf: F.now + 100))).failure == .tokenInvalid)
        #expect(cache.count == 0)
        #expect(Result { () throws(AuthFailure) in try cache.verify(authorizationHeader: nil, now: F.now) }.failure == .tokenMissing)
    }

    @Test func staysWithinItsCapacity() throws {
        let cache = CachingTokenVerifier(verifier: F.verifier, capacity: 16)
        var tokens: [(String, AccessTokenClaims)] = []
        for index in 0..<40 {
            let claims = F.claims(exp: F.now + 100 + Int64(index), jti: "t\(index)")
            tokens.append((F.key.sign(claims), claims))
        }
        for (token, claims) in tokens {
            #expect(try verify(cache, token).get() == claims)
            #expect(cache.count <= 16)
        }
        // Evicted tokens are verified again, with the same result.
        for (token, claims) in tokens { #expect(try verify(cache, token).get() == claims) }
    }

    @Test func isSafeUnderConcurrentUse() async throws {
        let cache = CachingTokenVerifier(verifier: F.verifier, capacity: 8)
        let tokens = (0..<12).map { index in F.claims(jti: "c\(index)") }.map { ($0, F.key.sign($0)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for round in 0..<50 {
                        let (claims, token) = tokens[(worker * 7 + round) % tokens.count]
                        let verified = try cache.verify(authorizationHeader: "Bearer \(token)", now: F.now)
                        #expect(verified == claims)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
