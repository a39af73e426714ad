/// Requests in flight in this replica, per party and in total, and the rule that admits,
/// refuses or sheds the next one. Pure: `ConcurrencyLimits` keeps it under a mutex and turns
/// its verdicts into answers (the state-machine shape of postgres-nio).
struct InflightCounts: Sendable {
    /// The rule's answer for one request.
    enum Verdict: Equatable, Sendable {
        /// Counted; release it once answered.
        case admit
        /// The tenant has `ConcurrencyPolicy.perTenant` in flight: 429.
        case overTenantLimit
        /// In flight is past the high-water mark and this party holds its share: 503.
        case shed
        /// In flight is at capacity: 503 for everyone.
        case full
    }

    let policy: ConcurrencyPolicy
    private(set) var total = 0
    /// Only parties with requests in flight: its count is the number of active parties.
    private(set) var byParty: [Party: Int] = [:]

    init(policy: ConcurrencyPolicy) { self.policy = policy }

    /// Counts one request of `party` if the policy admits it.
    mutating func admit(_ party: Party) -> Verdict {
        let verdict = self.verdict(for: party)
        if verdict == .admit {
            total += 1
            byParty[party, default: 0] += 1
        }
        return verdict
    }

    /// What `admit` would answer, counting nothing.
    func verdict(for party: Party) -> Verdict {
        let held = byParty[party] ?? 0
        if case .tenant = party, policy.perTenant > 0, held >= policy.perTenant { return .overTenantLimit }
        guard policy.capacity > 0 else { return .admit }
        if total >= policy.capacity { return .full }
        if total >= policy.highWater {
            // Shares of the high-water mark, not of capacity: a party alone may then not fill
            // the room kept for others, and one arriving finds it (itself counted as active).
            let parties = byParty.count + (held == 0 ? 1 : 0)
            if held >= max(1, policy.highWater / parties) { return .shed }
        }
        return .admit
    }

    /// Forgets one admitted request of `party`.
    mutating func release(_ party: Party) {
        guard let held = byParty[party] else { return assertionFailure("released more than admitted") }
        total -= 1
        byParty[party] = held > 1 ? held - 1 : nil
    }

    /// Counts an admitted request for `new` instead of `old` (an API key verified after the
    /// head), if `new`'s limit admits it; on refusal it stays counted for `old`.
    mutating func move(_ old: Party, to new: Party) -> Verdict {
        guard old != new else { return .admit }
        release(old)
        let verdict = admit(new)
        if verdict != .admit {
            total += 1
            byParty[old, default: 0] += 1
        }
        return verdict
    }

    /// In flight for `party`.
    func held(by party: Party) -> Int { byParty[party] ?? 0 }
}
