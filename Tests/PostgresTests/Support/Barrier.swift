/// Holds tasks until `count` of them have arrived, to line up a race deterministically.
actor Barrier {
    private let count: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arrive() async {
        arrived += 1
        if arrived >= count {
            waiting.forEach { $0.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// A counter shared by concurrent closures.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
