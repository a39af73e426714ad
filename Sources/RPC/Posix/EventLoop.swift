import CShims
import Foundation
import RPCCore

/// Something registered with an event loop for readiness of one file descriptor.
/// Called on the loop's thread only.
package protocol EventHandler: AnyObject {
    func handleEvents(_ events: UInt32)
}

/// How an event loop waits for readiness (Protos/README.md §Transport says which wins and why).
enum EventBackend: String, Sendable {
    /// One thread blocking in epoll_wait (through CShims), woken by an eventfd.
    case epoll
    /// A serial DispatchQueue with a read and a write DispatchSource per socket.
    case dispatch
}

/// One serial executor that runs I/O handlers, timers and Swift tasks that prefer it.
///
/// Handlers run as tasks with this loop as their executor preference, so the path
/// read → decode → handler → encode → write stays on one thread; outbound bytes are
/// flushed once per loop turn, after every event and job of the turn has run.
/// State marked "loop only" is touched only on the loop thread (or queue).
package final class EventLoop: @unchecked Sendable, TaskExecutor {
    let backend: EventBackend
    private let epfd: Int32
    private let wakeFD: Int32
    private var thread: pthread_t?
    private let name: String
    /// The dispatch backend's queue and per-socket sources (loop only).
    let queue: DispatchQueue
    var dispatchSources: [Int32: DispatchSocketSources] = [:]
    var dispatchTimer: (any DispatchSourceTimer)?
    var turnScheduled = false

    // Cross-thread submissions, guarded by `inbox`.
    private struct Inbox {
        var closures: [() -> Void] = []
        var jobs: [UnownedJob] = []
        var sleeping = false
    }
    private var inboxState = Inbox()
    private let inboxLock = NSLock()
    private func withInbox<R>(_ body: (inout Inbox) -> R) -> R {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        return body(&inboxState)
    }

    // Loop only.
    var handlers: [Int32: EventHandler] = [:]
    var jobs: [UnownedJob] = []
    var timers = TimerHeap()
    var flushes: [() -> Void] = []
    private var stopped = false

    private static let wakeToken: UInt64 = .max

    init(name: String, backend: EventBackend = .epoll) throws {
        self.name = name
        self.backend = backend
        queue = DispatchQueue(label: name)
        guard backend == .epoll else {
            epfd = -1
            wakeFD = -1
            return
        }
        epfd = cshim_epoll_create()
        guard epfd >= 0 else { throw SystemError("epoll_create1", errno: cshim_errno()) }
        wakeFD = cshim_eventfd()
        guard wakeFD >= 0 else { throw SystemError("eventfd", errno: cshim_errno()) }
        guard cshim_epoll_add(epfd, wakeFD, CSHIM_EPOLLIN, Self.wakeToken) == 0 else {
            throw SystemError("epoll_ctl(eventfd)", errno: cshim_errno())
        }
    }

    /// Starts the loop's thread.
    func start() {
        guard backend == .epoll else { return }
        let box = Unmanaged.passRetained(self)
        var tid = pthread_t()
        pthread_create(&tid, nil, { raw in
            let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.runLoop()
            return nil
        }, box.toOpaque())
        thread = tid
        pthread_detach(tid)
    }

    /// True on this loop's thread.
    package var inLoop: Bool { EventLoop.current === self }

    nonisolated(unsafe) static var currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    /// The loop whose thread this is, if any.
    package static var current: EventLoop? {
        pthread_getspecific(currentKey).map { Unmanaged<EventLoop>.fromOpaque($0).takeUnretainedValue() }
    }

    // MARK: Submitting work

    /// Runs `body` on the loop thread: inline when already there, else at the next turn.
    package func execute(_ body: @escaping () -> Void) {
        if inLoop {
            body()
            return
        }
        if backend == .dispatch { return dispatchTurn(body) }
        let wake = withInbox { inbox -> Bool in
            inbox.closures.append(body)
            defer { inbox.sleeping = false }
            return inbox.sleeping
        }
        if wake { _ = cshim_eventfd_signal(wakeFD) }
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if inLoop {
            jobs.append(job)
            if backend == .dispatch { scheduleDispatchTurn() }
            return
        }
        if backend == .dispatch { return dispatchTurn { self.jobs.append(job) } }
        let wake = withInbox { inbox -> Bool in
            inbox.jobs.append(job)
            defer { inbox.sleeping = false }
            return inbox.sleeping
        }
        if wake { _ = cshim_eventfd_signal(wakeFD) }
    }

    // MARK: Loop-only API

    package func register(fd: Int32, events: UInt32, handler: EventHandler) throws {
        precondition(inLoop)
        if backend == .dispatch { return dispatchRegister(fd: fd, events: events, handler: handler) }
        guard cshim_epoll_add(epfd, fd, events, UInt64(UInt32(bitPattern: fd))) == 0 else {
            throw SystemError("epoll_ctl(ADD)", errno: cshim_errno())
        }
        handlers[fd] = handler
    }

    package func modify(fd: Int32, events: UInt32) {
        if backend == .dispatch { return dispatchModify(fd: fd, events: events) }
        _ = cshim_epoll_mod(epfd, fd, events, UInt64(UInt32(bitPattern: fd)))
    }

    /// Stops watching `fd` and closes it (Dispatch requires the close to wait for its sources' cancellation).
    package func deregisterAndClose(fd: Int32) {
        precondition(inLoop)
        handlers[fd] = nil
        if backend == .dispatch { return dispatchDeregisterAndClose(fd: fd) }
        _ = cshim_epoll_del(epfd, fd)
        close(fd)
    }

    /// Calls `body` on the loop at monotonic time `at` (ns) unless cancelled first.
    @discardableResult
    package func schedule(at: UInt64, _ body: @escaping () -> Void) -> TimerHeap.ID {
        precondition(inLoop)
        let id = timers.insert(at: at, body)
        if backend == .dispatch { armDispatchTimer() }
        return id
    }

    package func cancelTimer(_ id: TimerHeap.ID) {
        timers.cancel(id)
    }

    /// Runs `body` once at the end of the current turn (used to batch writes).
    package func afterTurn(_ body: @escaping () -> Void) {
        precondition(inLoop)
        flushes.append(body)
        if backend == .dispatch { scheduleDispatchTurn() }
    }

    func stop() {
        execute { self.stopped = true }
    }

    // MARK: The loop

    private func runLoop() {
        pthread_setspecific(Self.currentKey, Unmanaged.passUnretained(self).toOpaque())
        var events = [cshim_epoll_event](repeating: cshim_epoll_event(), count: 256)
        while !stopped {
            let timeout = waitTimeout()
            let count = events.withUnsafeMutableBufferPointer { cshim_epoll_wait(epfd, $0.baseAddress, 256, timeout) }
            withInbox { $0.sleeping = false }
            if count > 0 {
                for index in 0..<Int(count) {
                    let event = events[index]
                    if event.data == Self.wakeToken {
                        _ = cshim_eventfd_drain(wakeFD)
                    } else if let handler = handlers[Int32(bitPattern: UInt32(truncatingIfNeeded: event.data))] {
                        handler.handleEvents(event.events)
                    }
                }
            }
            drainInbox()
            runJobs()
            let now = Deadline.now()
            while let action = timers.popDue(now: now) { action() }
            runJobs()
            runFlushes()
        }
        close(epfd)
        close(wakeFD)
    }

    private func waitTimeout() -> Int32 {
        if !jobs.isEmpty || !flushes.isEmpty { return 0 }
        let pendingWork = withInbox { inbox -> Bool in
            if inbox.closures.isEmpty && inbox.jobs.isEmpty {
                inbox.sleeping = true
                return false
            }
            return true
        }
        if pendingWork { return 0 }
        guard let next = timers.nextDeadline else { return -1 }
        let now = Deadline.now()
        if next <= now { return 0 }
        return Int32(min(UInt64(Int32.max), (next - now + 999_999) / 1_000_000))
    }

    private func drainInbox() {
        let (closures, newJobs) = withInbox { inbox in
            defer {
                inbox.closures.removeAll(keepingCapacity: true)
                inbox.jobs.removeAll(keepingCapacity: true)
            }
            return (inbox.closures, inbox.jobs)
        }
        jobs.append(contentsOf: newJobs)
        for closure in closures { closure() }
    }

    func runJobs() {
        // Jobs may enqueue more jobs; bound one pass so I/O is not starved.
        var budget = 4096
        while !jobs.isEmpty && budget > 0 {
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            budget -= batch.count
        }
    }

    func runFlushes() {
        while !flushes.isEmpty {
            let batch = flushes
            flushes.removeAll(keepingCapacity: true)
            for flush in batch { flush() }
            runJobs()
        }
    }
}
