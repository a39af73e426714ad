import Credentials
import Dispatch
import Foundation

/// Password hashing off the event loops: scrypt takes tens of milliseconds and 32 MiB by
/// design, so it runs on its own queue, at most one per core at a time, and the calling task
/// waits without holding a loop thread.
struct PasswordWork: Sendable {
    let hasher: PasswordHasher
    private static let queue = DispatchQueue(label: "cerniq.identity.passwords", attributes: .concurrent)
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Whether `password` matches `stored`; with no stored hash, a dummy comparison of the same
    /// cost, so an unknown email is not told apart by the time the answer takes.
    func verify(_ password: String, against stored: String?) async -> Bool {
        await run { stored.map { hasher.verify(password, against: $0) } ?? hasher.verifyAgainstDummy(password) }
    }

    func hash(_ password: String) async -> String {
        await run { hasher.hash(password) }
    }

    func needsRehash(_ stored: String) -> Bool { hasher.needsRehash(stored) }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Self.queue.async {
                Self.slots.wait()
                defer { Self.slots.signal() }
                continuation.resume(returning: work())
            }
        }
    }
}
