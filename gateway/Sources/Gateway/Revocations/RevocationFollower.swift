import CommonAPI
import Foundation
import IdentityAPI
import RPCCore

/// Keeps a `RevocationList` current by polling Identity's ListRevocations (every second by
/// default) with the cursor of the previous answer, and forgets entries after their `until`.
///
/// When Identity does not answer, the list is kept as it was and the next tick retries with
/// the same cursor: a token revoked during the outage is accepted until Identity answers
/// again, then refused from the first successful poll (nothing is lost, it is late).
///
/// `run()` is the loop (cancel its task to stop); `poll()` is one round, for tests to drive.
/// Concurrent polls are harmless: adding an entry twice changes nothing, and a cursor set
/// back by a slower poll only fetches some entries again.
public actor RevocationFollower {
    public nonisolated let list: RevocationList
    public nonisolated let interval: Duration
    let client: IdentityServiceClient
    /// Unix seconds, for forgetting entries past their `until`.
    let now: @Sendable () -> Int64
    let log: @Sendable (String) -> Void
    private var cursor = ""
    private var failing = false

    /// Entries without an `until` are kept this long: longer than any access token lives.
    static let defaultRetention: Int64 = 24 * 3600
    /// Pages fetched in one round while Identity keeps answering new entries.
    static let pagesPerPoll = 10

    /// Follows the Identity service that `identity` reaches, into `list`.
    public init(identity: any RPCCaller, list: RevocationList, interval: Duration = .seconds(1),
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        client = IdentityServiceClient(identity)
        self.list = list
        self.interval = interval
        self.now = now
        self.log = log
    }

    /// Polls until the task is cancelled; failures are logged once and retried each tick.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await poll()
                if failing { log("revocations: Identity answers again; list current (\(list.count) entries)") }
                failing = false
            } catch {
                if !failing { log("revocations: Identity does not answer (\(RPCError(from: error).code)); keeping \(list.count) entries, retrying every \(interval)") }
                failing = true
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// One round: every revocation after the cursor, then the expired ones forgotten.
    /// Returns how many entries the answers carried. Throws the call's error, list untouched.
    @discardableResult
    public func poll() async throws -> Int {
        var received = 0
        for _ in 0..<Self.pagesPerPoll {
            let answer = try await client.listRevocations(ListRevocationsRequest(after: cursor), options: CallOptions(timeout: .seconds(5)))
            let time = now()
            for revocation in answer.revocations {
                list.add(revocation.id, until: revocation.until.map(\.seconds) ?? time + Self.defaultRetention)
            }
            received += answer.revocations.count
            let advanced = !answer.cursor.isEmpty && answer.cursor != cursor
            if !answer.cursor.isEmpty { cursor = answer.cursor }
            // An answer with nothing new, or no newer cursor, means the list is caught up.
            if answer.revocations.isEmpty || !advanced { break }
        }
        list.forget(before: now())
        return received
    }
}
