/// A min-heap of timers by monotonic deadline. Cancelled timers are skipped lazily.
package struct TimerHeap {
    package typealias ID = UInt64

    private struct Entry {
        var at: UInt64
        var id: ID
    }

    private var heap: [Entry] = []
    private var actions: [ID: () -> Void] = [:]
    private var nextID: ID = 1

    mutating func insert(at: UInt64, _ action: @escaping () -> Void) -> ID {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.append(Entry(at: at, id: id))
        siftUp(heap.count - 1)
        return id
    }

    mutating func cancel(_ id: ID) {
        actions[id] = nil
    }

    var nextDeadline: UInt64? {
        mutating get {
            while let top = heap.first, actions[top.id] == nil { popTop() }
            return heap.first?.at
        }
    }

    /// Removes and returns the earliest timer due at `now`. The caller runs it outside
    /// this mutation, since a timer's action may schedule more timers.
    mutating func popDue(now: UInt64) -> (() -> Void)? {
        while let top = heap.first, top.at <= now {
            popTop()
            if let action = actions.removeValue(forKey: top.id) { return action }
        }
        return nil
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].at < heap[parent].at else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].at < heap[smallest].at { smallest = left }
            if right < heap.count && heap[right].at < heap[smallest].at { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
