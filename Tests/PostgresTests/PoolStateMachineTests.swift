@testable import Postgres
import Testing

/// The pool's bookkeeping, event by event, without connections.
struct PoolStateMachineTests {
    final class Connection {}
    typealias Machine = PoolStateMachine<Connection>

    @Test func opensUpToCapacity_thenQueuesWaiters() {
        var machine = Machine(capacity: 2)
        let first = machine.checkout(waiterID: 1)
        let second = machine.checkout(waiterID: 2)
        let third = machine.checkout(waiterID: 3)
        #expect(first.isOpenSlot)
        #expect(second.isOpenSlot)
        #expect(third.isWait)
        #expect(machine.open == 2)
        #expect(machine.waiters == [3])
    }

    @Test func releasedConnection_goesToTheFirstWaiter() {
        var machine = Machine(capacity: 1)
        let connection = Connection()
        _ = machine.checkout(waiterID: 1)
        _ = machine.checkout(waiterID: 2)
        _ = machine.checkout(waiterID: 3)
        guard case .resume(2, .idle(let handed)) = machine.release(connection) else {
            Issue.record("expected a hand-over to waiter 2")
            return
        }
        #expect(handed === connection)
        #expect(machine.waiters == [3])
        #expect(machine.idle.isEmpty)
    }

    @Test func releasedConnection_withoutWaiters_becomesIdle_andIsReusedFirst() {
        var machine = Machine(capacity: 2)
        let first = Connection()
        let second = Connection()
        _ = machine.checkout(waiterID: 1)
        _ = machine.checkout(waiterID: 2)
        _ = machine.release(first)
        _ = machine.release(second)
        guard case .grant(.idle(let reused)) = machine.checkout(waiterID: 3) else {
            Issue.record("expected an idle connection")
            return
        }
        #expect(reused === second)
    }

    @Test func discardedConnection_givesItsSlotToAWaiterToOpenAnew() {
        var machine = Machine(capacity: 1)
        _ = machine.checkout(waiterID: 1)
        _ = machine.checkout(waiterID: 2)
        guard case .resume(2, .openSlot) = machine.discard() else {
            Issue.record("expected waiter 2 to get the free slot")
            return
        }
        #expect(machine.open == 1)
        _ = machine.discard()
        #expect(machine.open == 0)
    }

    @Test func waiterWhoGaveUp_isRemovedOnce_andNotServed() {
        var machine = Machine(capacity: 1)
        _ = machine.checkout(waiterID: 1)
        _ = machine.checkout(waiterID: 2)
        let removed = machine.removeWaiter(2)
        let removedAgain = machine.removeWaiter(2)
        #expect(removed)
        #expect(!removedAgain)
        guard case .none = machine.release(Connection()) else {
            Issue.record("nobody should be waiting")
            return
        }
        #expect(machine.idle.count == 1)
    }

    @Test func close_failsWaiters_closesIdle_andClosesReturnedConnections() {
        var machine = Machine(capacity: 2)
        _ = machine.checkout(waiterID: 1)
        _ = machine.checkout(waiterID: 2)
        _ = machine.release(Connection())
        _ = machine.checkout(waiterID: 3)
        _ = machine.checkout(waiterID: 4)
        let (waiters, idle) = machine.close()
        #expect(waiters == [4])
        #expect(idle.isEmpty)
        guard case .close = machine.release(Connection()) else {
            Issue.record("a connection returned to a closed pool must be closed")
            return
        }
        let afterClose = machine.checkout(waiterID: 5)
        #expect(afterClose.isClosed)
    }
}

extension PoolStateMachine.CheckoutAction {
    var isOpenSlot: Bool { if case .grant(.openSlot) = self { true } else { false } }
    var isWait: Bool { if case .wait = self { true } else { false } }
    var isClosed: Bool { if case .closed = self { true } else { false } }
}
