import CShims
import Dispatch
import Foundation
import RPCCore

/// A socket's read and write sources under the dispatch backend.
final class DispatchSocketSources {
    let read: any DispatchSourceRead
    let write: any DispatchSourceWrite
    var writeResumed = false
    var pendingCancels = 2

    init(read: any DispatchSourceRead, write: any DispatchSourceWrite) {
        self.read = read
        self.write = write
    }
}

/// The dispatch backend: the loop is a serial queue; each block is one "turn" that ends
/// by running queued jobs and flushes, as a turn of the epoll loop does.
extension EventLoop {
    /// Runs `body` as a turn on the queue.
    func dispatchTurn(_ body: @escaping () -> Void) {
        let work = UncheckedWork(body)
        queue.async {
            self.enterTurn()
            work.body()
            self.finishTurn()
        }
    }

    /// Ensures a turn runs soon to process jobs and flushes added inside this one.
    func scheduleDispatchTurn() {
        guard !turnScheduled else { return }
        turnScheduled = true
        dispatchTurn { self.turnScheduled = false }
    }

    private func enterTurn() {
        pthread_setspecific(EventLoop.currentKey, Unmanaged.passUnretained(self).toOpaque())
    }

    private func finishTurn() {
        runJobs()
        runFlushes()
        pthread_setspecific(EventLoop.currentKey, nil)
    }

    func dispatchRegister(fd: Int32, events: UInt32, handler: EventHandler) {
        handlers[fd] = handler
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        let write = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        let sources = DispatchSocketSources(read: read, write: write)
        read.setEventHandler { [unowned self] in
            self.enterTurn()
            self.handlers[fd]?.handleEvents(CSHIM_EPOLLIN)
            self.finishTurn()
        }
        write.setEventHandler { [unowned self] in
            self.enterTurn()
            self.handlers[fd]?.handleEvents(CSHIM_EPOLLOUT)
            self.finishTurn()
        }
        // The descriptor may be closed only once both sources have let go of it.
        let closeWhenBothCancelled = {
            sources.pendingCancels -= 1
            if sources.pendingCancels == 0 { close(fd) }
        }
        read.setCancelHandler(handler: closeWhenBothCancelled)
        write.setCancelHandler(handler: closeWhenBothCancelled)
        dispatchSources[fd] = sources
        read.resume()
        dispatchModify(fd: fd, events: events)
    }

    func dispatchModify(fd: Int32, events: UInt32) {
        guard let sources = dispatchSources[fd] else { return }
        let wantWrite = events & CSHIM_EPOLLOUT != 0
        guard wantWrite != sources.writeResumed else { return }
        sources.writeResumed = wantWrite
        if wantWrite { sources.write.resume() } else { sources.write.suspend() }
    }

    func dispatchDeregisterAndClose(fd: Int32) {
        guard let sources = dispatchSources.removeValue(forKey: fd) else {
            close(fd)
            return
        }
        // A suspended source never delivers its cancellation: resume it first.
        if !sources.writeResumed { sources.write.resume() }
        sources.read.cancel()
        sources.write.cancel()
    }

    /// Points the one timer source at the earliest timer of the heap.
    func armDispatchTimer() {
        guard let next = timers.nextDeadline else { return }
        if dispatchTimer == nil {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.setEventHandler { [unowned self] in
                self.enterTurn()
                let now = Deadline.now()
                while let action = self.timers.popDue(now: now) { action() }
                self.armDispatchTimer()
                self.finishTurn()
            }
            timer.resume()
            dispatchTimer = timer
        }
        let now = Deadline.now()
        let delay = next > now ? next - now : 0
        dispatchTimer?.schedule(deadline: .now() + .nanoseconds(Int(min(delay, UInt64(Int.max)))), leeway: .microseconds(100))
    }
}

/// A loop-confined closure carried onto the loop's own queue.
private struct UncheckedWork: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
