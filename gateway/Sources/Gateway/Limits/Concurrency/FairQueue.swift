/// Slots for calls to one upstream, and the parties waiting for one: a slot given back goes to
/// the oldest waiter of the party whose turn it is, and the parties take turns, one call each
/// (round robin). A tenant with many calls waiting then waits behind its own calls, not in
/// front of everyone's. Pure: `FairCaller` keeps it under a mutex.
struct FairQueue<Waiter: Sendable>: Sendable {
    let slots: Int
    /// Slots taken.
    private(set) var busy = 0
    /// Waiters by party, oldest first; only parties with waiters.
    private var waiting: [Party: [Waiter]] = [:]
    /// Parties with waiters, the next turn first.
    private var turns: [Party] = []

    init(slots: Int) {
        precondition(slots > 0)
        self.slots = slots
    }

    /// Takes a slot if one is free and nobody waits for it.
    mutating func takeIfFree() -> Bool {
        guard busy < slots && turns.isEmpty else { return false }
        busy += 1
        return true
    }

    /// Takes a slot for `party` now (true), or queues `waiter` behind the party's own (false).
    mutating func take(_ party: Party, waiter: Waiter) -> Bool {
        if takeIfFree() { return true }
        if waiting[party] == nil { turns.append(party) }
        waiting[party, default: []].append(waiter)
        return false
    }

    /// Gives a slot back: the waiter it passes to, or nil when nobody waits (the slot is free).
    mutating func giveBack() -> Waiter? {
        guard !turns.isEmpty else {
            assert(busy > 0, "gave back more slots than were taken")
            busy -= 1
            return nil
        }
        let party = turns.removeFirst()
        var queue = waiting[party]!
        let next = queue.removeFirst()
        if queue.isEmpty {
            waiting[party] = nil
        } else {
            waiting[party] = queue
            turns.append(party)
        }
        return next
    }

    /// Calls waiting for a slot.
    var queued: Int { waiting.values.reduce(0) { $0 + $1.count } }
}
