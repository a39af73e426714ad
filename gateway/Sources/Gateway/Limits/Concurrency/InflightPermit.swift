import Synchronization

/// One admitted request's place in `ConcurrencyLimits`. `release()` gives it back once; a
/// permit dropped without it (the connection closed before the body arrived, so `respond`
/// never ran) gives it back in `deinit`, so no path can leak a place.
final class InflightPermit: Sendable {
    let limits: ConcurrencyLimits
    /// Whom the place is counted for; nil once released.
    private let party: Mutex<Party?>

    init(limits: ConcurrencyLimits, party: Party) {
        self.limits = limits
        self.party = Mutex(party)
    }

    deinit { release() }

    /// Gives the place back; later calls do nothing.
    func release() {
        guard let held = party.withLock({ party in defer { party = nil }; return party }) else { return }
        limits.release(held)
    }

    /// Counts the request for `tenant` from now on (its API key verified after the head);
    /// throws the 429 or 503 when that tenant's limit refuses it (the place is kept until released).
    func transfer(toTenant tenant: String) throws(APIError) {
        try party.withLock { party throws(APIError) in
            guard let held = party else { return }
            try limits.move(held, to: .tenant(tenant))
            party = .tenant(tenant)
        }
    }
}
