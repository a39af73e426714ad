import Foundation

/// Runs blocking work (a blocking socket read, waiting for a process) on a thread of its
/// own, so it never occupies one of the few threads Swift's cooperative pool has: tests run
/// in parallel on that pool, and one blocked thread there stalls everyone else's tasks.
public func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try body() }) }
    }
}
