import Foundation

/// gRPC-style retry throttling: tokens start full; a retryable failure costs one, a
/// success earns `tokenRatio`; retries are allowed only while more than half remain.
final class RetryBudget: @unchecked Sendable {
    private let policy: RetryPolicy
    private var tokens: Double
    private let lock = NSLock()

    init(policy: RetryPolicy) {
        self.policy = policy
        tokens = policy.maxTokens
    }

    func recordSuccess() {
        lock.lock()
        tokens = min(policy.maxTokens, tokens + policy.tokenRatio)
        lock.unlock()
    }

    /// Records a retryable failure and says whether a retry is within budget.
    func recordFailureAllowsRetry() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        tokens = max(0, tokens - 1)
        return tokens > policy.maxTokens / 2
    }
}
