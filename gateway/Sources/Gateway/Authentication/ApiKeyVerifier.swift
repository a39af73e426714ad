import IdentityAPI
import RPCCore
import Synchronization

/// `X-API-Key` for service-to-service clients (003 §2.2): verified through Identity, whose
/// answer is trusted for a few seconds (`cacheUntil`), so a revoked key stops working within
/// seconds while a busy client costs Identity one call per key per few seconds.
public final class ApiKeyVerifier: Sendable {
    let client: ApiKeyServiceClient
    let capacity: Int
    private let cache = Mutex<[String: (caller: Caller, until: UInt64)]>([:])

    public init(identity: any RPCCaller, capacity: Int = 10_000) {
        client = ApiKeyServiceClient(identity)
        self.capacity = capacity
    }

    /// Whether `key` looks like one of ours: a cheap refusal for anything else, with no call.
    static func isWellFormed(_ key: String) -> Bool {
        (key.hasPrefix("sk_live_") || key.hasPrefix("sk_test_")) && key.utf8.count <= 200
    }

    /// The caller a key was last verified as, while Identity's answer is fresh.
    func cached(_ key: String) -> Caller? {
        let now = Deadline.now()
        return cache.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.until <= now {
                entries[key] = nil
                return nil
            }
            return entry.caller
        }
    }

    /// Asks Identity; AUTH_TOKEN_INVALID for a key it does not accept.
    func verify(_ key: String) async throws(APIError) -> Caller {
        guard Self.isWellFormed(key) else { throw Self.invalid }
        if let caller = cached(key) { return caller }
        let verified: VerifiedApiKey
        do {
            verified = try await client.verifyApiKey(VerifyApiKeyRequest(key: key), options: CallOptions(timeout: .seconds(2)))
        } catch let error as RPCError where error.code == .unauthenticated || error.code == .invalidArgument || error.code == .notFound {
            throw Self.invalid
        } catch {
            throw ErrorMapping.apiError(RPCError(from: error))
        }
        let caller = Caller(tenantID: verified.tenantId.lowercased(), userID: "", roles: [], permissions: Set(verified.scopes),
                            apiKeyID: verified.id, plan: verified.plan.isEmpty ? nil : verified.plan, apiKeyRateLimit: Int(verified.rateLimit))
        // Trust the answer until Identity's `cacheUntil`, at most 30 s, measured on our own clock.
        let seconds = max(0, min(30, (verified.cacheUntil?.seconds ?? 0) - Int64(Timestamps.nowSeconds())))
        let until = Deadline.now() + UInt64(seconds) * 1_000_000_000
        cache.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (caller, until)
        }
        return caller
    }

    static let invalid = APIError(401, "AUTH_TOKEN_INVALID", "Invalid API key")
}
