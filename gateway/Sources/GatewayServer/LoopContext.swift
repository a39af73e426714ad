import RPC

/// What one server keeps per event loop: its connections there (for drain), the cached `Date`
/// value and a scratch read buffer shared by those connections.
///
/// `@unchecked Sendable` because it is created on any thread but touched only on `loop`: every
/// access goes through `loop.execute` or a handler the loop calls.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    var connections: [ObjectIdentifier: HTTPConnection] = [:]
    var date = HTTPDateCache()
    /// Reads land here and are copied into the connection's parser: one buffer per loop rather
    /// than one per connection keeps idle keep-alive connections small.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Set once the drain's grace timer is scheduled.
    var graceScheduled = false

    init(loop: EventLoop) {
        self.loop = loop
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    /// Starts draining every connection on this loop, and force-closes the stragglers at `forceAt`.
    func drain(forceAt: UInt64) {
        for connection in connections.values { connection.beginDrain() }
        guard !graceScheduled else { return }
        graceScheduled = true
        loop.schedule(at: forceAt) { [self] in
            for connection in connections.values { connection.forceClose() }
        }
    }

    /// Closes every connection now.
    func forceCloseAll() {
        for connection in connections.values { connection.forceClose() }
    }
}
