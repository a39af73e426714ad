import GatewayHTTP
import RPCCore
import Synchronization

/// Idempotency keys on authenticated POST routes (Stripe's semantics, gateway/README.md
/// §Idempotency keys): a retry with the same `Idempotency-Key` gets the first answer and the
/// service is not called twice, also while the first attempt still runs; the same key with
/// another request answers 422; keys expire after 24 hours.
///
/// Retries on this replica join the attempt in progress (`IdempotencyFlight`); across
/// replicas the store decides who runs and the others poll it until the answer is kept or
/// the route's deadline passes (409 `RES_LOCKED`). A claim whose replica died is taken over
/// once its lock (the route's deadline plus `lockMargin`) has passed.
public final class Idempotency: Sendable {
    /// How long a key is remembered after its first use.
    public static let retention: Int64 = 86_400_000
    /// Added to the route's deadline to lock a claim: the answer's envelope and its write to
    /// the store, and replica clocks that disagree by less than this, fit within it.
    static let lockMargin: Int64 = 10_000
    /// The first and the longest sleep between two looks at another replica's attempt.
    static let firstPoll: Int64 = 20, longestPoll: Int64 = 500

    let store: any IdempotencyStore
    /// Unix milliseconds; injectable so tests let keys expire without waiting.
    let now: @Sendable () -> Int64
    let log: @Sendable (String) -> Void
    /// How long a retry waits for another attempt; nil: the route's deadline.
    let wait: Duration?
    private let flights = Mutex<[IdempotencyKey: IdempotencyFlight]>([:])
    /// Whether the store's outage is logged already (once per outage).
    private let outageLogged = Atomic(false)

    /// `store` nil: an `InMemoryIdempotencyStore`, so keys hold on this replica only. `wait`
    /// shortens a retry's wait for another attempt below the route's deadline (tests).
    public init(store: (any IdempotencyStore)? = nil, now: @escaping @Sendable () -> Int64 = FixedWindowLimiter.systemMilliseconds,
                wait: Duration? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store ?? InMemoryIdempotencyStore()
        self.now = now
        self.wait = wait
        self.log = log
    }

    /// The answer to `request`: `perform()`'s (the call to the service, whose failures it
    /// throws) when the request names no key or holds its key, else the kept answer of the
    /// first attempt. Throws 400 for a malformed key, 422 for a key used with another
    /// request, 409 when the first attempt is still running at the deadline, and 503 when
    /// the store cannot be reached (nothing was called).
    func respond(to request: HTTPRequest, route: Route, caller: Caller?, meta: Envelope.Meta,
                 perform: () async throws(APIError) -> HTTPResponse) async throws(APIError) -> HTTPResponse {
        guard let key = try IdempotencyKey.of(request, route: route, caller: caller) else { return try await perform() }
        let fingerprint = RequestFingerprint.of(request)
        // From now, not from the head: a slow upload must not leave no time to claim the key.
        let deadline = Deadline.after(wait ?? route.deadline)
        // A cancelled task stops waiting (its sleeps would no longer pause the polling).
        while !deadline.hasPassed() && !Task.isCancelled {
            let (flight, joined) = flights.withLock { flights in
                if let running = flights[key] { return (running, true) }
                let flight = IdempotencyFlight(fingerprint: fingerprint)
                flights[key] = flight
                return (flight, false)
            }
            if joined {
                // Another request under this key: once it ends, the store tells which was first.
                guard flight.fingerprint == fingerprint else {
                    _ = await flight.wait(until: deadline)
                    continue
                }
                switch await flight.wait(until: deadline) {
                case .answered(let stored)?: return stored.replay(meta: meta)
                case .refused(let error)?: throw error
                case .retry?, nil: continue
                }
            }
            let (answer, outcome) = await lead(key, fingerprint: fingerprint, route: route, deadline: deadline, meta: meta, perform: perform)
            // Gone from the map before the waiters wake, so a retry starts a new flight.
            flights.withLock { _ = $0.removeValue(forKey: key) }
            flight.resolve(outcome)
            switch answer {
            case .success(let response): return response
            case .failure(let error): throw error
            case nil: continue
            }
        }
        throw Self.stillRunning
    }

    /// One flight on this replica: claim the key, then run the request, replay the kept
    /// answer, or poll another replica's attempt. Returns this request's answer (nil: start
    /// over) and the flight's outcome for the retries that joined it.
    private func lead(_ key: IdempotencyKey, fingerprint: [UInt8], route: Route, deadline: Deadline, meta: Envelope.Meta,
                      perform: () async throws(APIError) -> HTTPResponse) async -> (Result<HTTPResponse, APIError>?, IdempotencyFlight.Outcome) {
        var pause = Self.firstPoll
        while true {
            let time = now()
            let lockedUntil = time + TenantRateLimits.milliseconds(route.deadline) + Self.lockMargin
            let claim: IdempotencyClaim
            do {
                claim = try await store.claim(key, fingerprint: fingerprint, lockedUntil: lockedUntil, expiresAt: time + Self.retention, at: time)
            } catch {
                if !outageLogged.exchange(true, ordering: .relaxed) {
                    log("the idempotency store does not answer; requests with an Idempotency-Key are refused with 503 until it does: \(error)")
                }
                return (.failure(Self.storeUnavailable), .refused(Self.storeUnavailable))
            }
            outageLogged.store(false, ordering: .relaxed)
            switch claim {
            case .claimed:
                return await runHolding(key, lockedUntil: lockedUntil, meta: meta, perform: perform)
            case .completed(let stored):
                return (.success(stored.replay(meta: meta)), .answered(stored))
            case .differentRequest:
                return (.failure(Self.differentRequest), .refused(Self.differentRequest))
            case .running:
                let left = Int64(deadline.remainingNanoseconds() / 1_000_000)
                guard left > 0, !Task.isCancelled else { return (nil, .retry) }
                try? await Task.sleep(for: .milliseconds(min(pause, left)))
                pause = min(pause * 2, Self.longestPoll)
            }
        }
    }

    /// Runs the request that holds the key and keeps its answer, or gives the key back when
    /// the service did not take the request. The answer reaches the client even when it
    /// cannot be kept (logged): a retry after the lock then runs again.
    private func runHolding(_ key: IdempotencyKey, lockedUntil: Int64, meta: Envelope.Meta,
                            perform: () async throws(APIError) -> HTTPResponse) async -> (Result<HTTPResponse, APIError>?, IdempotencyFlight.Outcome) {
        let response: HTTPResponse
        do {
            response = try await perform()
        } catch {
            response = Envelope.failure(error, meta: meta)
        }
        guard StoredResponse.keeps(response) else {
            do {
                try await store.release(key, lockedUntil: lockedUntil)
            } catch {
                log("an Idempotency-Key could not be released; retries wait for its lock to pass: \(error)")
            }
            return (.success(response), .retry)
        }
        do {
            if try await !store.complete(key, lockedUntil: lockedUntil, response: StoredResponse(response)) {
                log("an Idempotency-Key's claim was taken over before its answer was kept (its lock passed)")
            }
        } catch {
            log("an Idempotency-Key's answer could not be kept; a retry after its lock runs again: \(error)")
        }
        // Retries on this replica get the whole answer, however large.
        return (.success(response), .answered(StoredResponse(response, limit: .max)))
    }

    /// Forgets expired keys every minute until cancelled.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(60))
            await sweep()
        }
    }

    /// Forgets keys expired now (the store treats them as absent already).
    public func sweep() async {
        try? await store.purge(at: now())
    }

    static let differentRequest = APIError(422, "VAL_DUPLICATE", "This Idempotency-Key was already used with a different request",
                                           field: IdempotencyKey.header)
    static let stillRunning = APIError(409, "RES_LOCKED", "A request with this Idempotency-Key is still being processed",
                                       field: IdempotencyKey.header, headers: [(name: "Retry-After", value: "1")])
    static let storeUnavailable = APIError(503, "SYS_SERVICE_UNAVAILABLE", "Idempotency keys cannot be checked right now; retry with the same key",
                                           headers: [(name: "Retry-After", value: "1")])
}
