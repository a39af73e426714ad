import Testing
@testable import Gateway

/// The upstream slots' round robin (gateway/README.md §Noisy neighbours), without I/O.
@Suite struct FairQueueTests {
    let a = Party.tenant("a"), b = Party.tenant("b")

    @Test func slotsAreTakenAtOnceUntilFull_thenCallsWait() {
        var queue = FairQueue<String>(slots: 2)
        let taken = [queue.take(a, waiter: "a1"), queue.take(b, waiter: "b1"), queue.take(a, waiter: "a2")]
        #expect(taken == [true, true, false])
        #expect(queue.busy == 2 && queue.queued == 1)
        let passed = [queue.giveBack(), queue.giveBack(), queue.giveBack()]
        #expect(passed == ["a2", nil, nil])
        #expect(queue.busy == 0)
    }

    @Test func partiesTakeTurns_soAQuietOneDoesNotWaitBehindAFloodingOnesQueue() {
        var queue = FairQueue<String>(slots: 1)
        let taken = [queue.take(a, waiter: "a1"), queue.take(a, waiter: "a2"), queue.take(a, waiter: "a3"), queue.take(a, waiter: "a4"),
                     queue.take(b, waiter: "b1"), queue.take(.anonymous, waiter: "login")]
        #expect(taken == [true, false, false, false, false, false])
        var order: [String] = []
        while let next = queue.giveBack() { order.append(next) }
        #expect(order == ["a2", "b1", "login", "a3", "a4"])
        #expect(queue.busy == 0 && queue.queued == 0)
    }

    @Test func aSlotGivenBackPassesToTheNextWaiter_notToANewcomer() {
        var queue = FairQueue<String>(slots: 1)
        let first = [queue.take(a, waiter: "a1"), queue.take(a, waiter: "a2")]
        let passed = queue.giveBack()
        let later = queue.take(b, waiter: "b1")
        #expect(first == [true, false])
        #expect(passed == "a2", "the slot passes to the waiter, never back to the pool first")
        #expect(!later)
    }
}
