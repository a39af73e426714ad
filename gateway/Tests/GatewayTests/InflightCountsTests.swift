import Testing
@testable import Gateway

/// The admission rule of gateway/README.md §Noisy neighbours, without I/O.
@Suite struct InflightCountsTests {
    let a = Party.tenant("a"), b = Party.tenant("b")

    @Test func aTenantAtItsLimitIsRefused_untilOneOfItsRequestsIsReleased() {
        var counts = InflightCounts(policy: ConcurrencyPolicy(perTenant: 2, capacity: 0))
        #expect(counts.admit(a) == .admit)
        #expect(counts.admit(a) == .admit)
        #expect(counts.admit(a) == .overTenantLimit)
        #expect(counts.admit(b) == .admit)
        counts.release(a)
        #expect(counts.admit(a) == .admit)
        #expect(counts.total == 3 && counts.held(by: a) == 2)
    }

    @Test func publicRequestsHaveNoTenantLimit() {
        var counts = InflightCounts(policy: ConcurrencyPolicy(perTenant: 1, capacity: 0))
        for _ in 0..<5 { #expect(counts.admit(.anonymous) == .admit) }
    }

    /// Capacity 8, high water 6: below it all pass; past it a party holding its share of the
    /// high-water mark (6 / parties, itself counted) is shed; at capacity everyone is refused.
    @Test func pastHighWater_onlyPartiesBelowTheirShareAreAdmitted() {
        var counts = InflightCounts(policy: ConcurrencyPolicy(perTenant: 0, capacity: 8))
        #expect(counts.policy.highWater == 6)
        for _ in 0..<6 { #expect(counts.admit(a) == .admit) }
        #expect(counts.admit(a) == .shed, "alone, its share is the whole high-water mark, which it holds")
        #expect(counts.admit(b) == .admit, "share 6 / 2 = 3")
        #expect(counts.admit(b) == .admit)
        #expect(counts.admit(.anonymous) == .full, "8 in flight")
        counts.release(a)
        #expect(counts.admit(a) == .shed, "5 ≥ its share of 3")
        #expect(counts.admit(.anonymous) == .admit, "share 6 / 3 = 2")
    }

    @Test func aVerifiedApiKeyMovesToItsTenant_orStaysCountedWhenItsTenantIsFull() {
        var counts = InflightCounts(policy: ConcurrencyPolicy(perTenant: 1, capacity: 0))
        #expect(counts.admit(.anonymous) == .admit)
        #expect(counts.move(.anonymous, to: a) == .admit)
        #expect(counts.held(by: a) == 1 && counts.held(by: .anonymous) == 0)
        #expect(counts.admit(.anonymous) == .admit)
        #expect(counts.move(.anonymous, to: a) == .overTenantLimit)
        #expect(counts.held(by: .anonymous) == 1 && counts.total == 2)
        counts.release(.anonymous)
        counts.release(a)
        #expect(counts.total == 0 && counts.byParty.isEmpty)
    }

    @Test func aPermitIsReleasedOnce_andWhenDroppedWithoutRelease() throws {
        let limits = ConcurrencyLimits(policy: ConcurrencyPolicy(perTenant: 1, capacity: 0))
        var permit = try limits.admit(tenant: "a")
        #expect(limits.inFlight(tenant: "a") == 1)
        permit?.release()
        permit?.release()
        #expect(limits.inFlight == 0)
        permit = try limits.admit(tenant: "a")
        #expect(throws: APIError.self) { try limits.admit(tenant: "a") }
        permit = nil
        #expect(limits.inFlight == 0, "dropped: released in deinit")
        #expect(try limits.admit(tenant: "a") != nil)
    }

    @Test func offCountsNothing() throws {
        let limits = ConcurrencyLimits(policy: .off)
        #expect(try limits.admit(tenant: "a") == nil)
        #expect(limits.inFlight == 0)
    }
}
