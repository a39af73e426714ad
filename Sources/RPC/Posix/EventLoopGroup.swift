import CShims
import Foundation
import Synchronization

/// A fixed set of event loops, handed out round-robin.
package final class EventLoopGroup: Sendable {
    package let loops: [EventLoop]
    private let next = Atomic<Int>(0)

    init(threads: Int, name: String, backend: EventBackend = .configured) throws {
        // A peer closing mid-write must be an error return, not a process-killing signal.
        cshim_ignore_sigpipe()
        loops = try (0..<max(1, threads)).map { try EventLoop(name: "\(name)-\($0)", backend: backend) }
        for loop in loops { loop.start() }
    }

    package func nextLoop() -> EventLoop {
        loops[next.add(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// The process-wide loops every server and client share unless told otherwise:
    /// one per core, as NIO's singleton group does.
    package static let shared: EventLoopGroup = {
        let threads = Int(ProcessInfo.processInfo.environment["CERNIQ_EVENT_LOOPS"] ?? "")
            ?? ProcessInfo.processInfo.activeProcessorCount
        return try! EventLoopGroup(threads: threads, name: "cerniq-loop")
    }()
}

extension EventBackend {
    /// `CERNIQ_EVENT_BACKEND` (`epoll`, the default, or `dispatch`), for measuring both.
    static var configured: EventBackend {
        ProcessInfo.processInfo.environment["CERNIQ_EVENT_BACKEND"].flatMap(EventBackend.init(rawValue:)) ?? .epoll
    }
}
