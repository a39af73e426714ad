import CommonAPI
import IdentityAPI
import RPCCore
import Synchronization

/// A test double of the Identity service at the gateway's boundary (the real one is tested
/// end to end with it elsewhere): it records what the gateway forwarded, answers fixed
/// tokens, and publishes the revocations a test adds, with the index as the cursor.
final class ScriptedIdentity: IdentityServiceHandler {
    /// One forwarded call: the request and whether the gateway sent a tenant or principal.
    struct Received<Request: Sendable>: Sendable {
        var request: Request
        var requestID: String?
        var hadCaller: Bool
    }

    private struct State {
        var logins: [Received<LoginRequest>] = []
        var refreshes: [Received<RefreshRequest>] = []
        var logouts: [Received<LogoutRequest>] = []
        var revocations: [Revocation] = []
        var revocationPolls = 0
        /// While true, ChangePassword calls wait in `held` until `releaseHeld()`.
        var holding = false
        var held: [CheckedContinuation<Void, Never>] = []
        /// The tenant of each ChangePassword call, in the order they arrived.
        var passwordChanges: [String] = []
    }
    private let state = Mutex(State())

    static let loginAnswer = LoginResponse(accessToken: "access.jwt.token", refreshToken: "refresh-1", expiresIn: 900, tokenType: "Bearer",
                                           user: LoginUser(id: "u1", email: "ana@example.com", name: "Ana", roles: ["admin"],
                                                           tenantId: "7b0e3c1a-5d2f-4e8b-9a61-3c4d5e6f7a80", tenantName: "Demo"))

    var logins: [Received<LoginRequest>] { state.withLock { $0.logins } }
    var refreshes: [Received<RefreshRequest>] { state.withLock { $0.refreshes } }
    var logouts: [Received<LogoutRequest>] { state.withLock { $0.logouts } }
    var revocationPolls: Int { state.withLock { $0.revocationPolls } }

    /// Makes ChangePassword a slow call: each waits, in flight, until `releaseHeld()`.
    func holdPasswordChanges() { state.withLock { $0.holding = true } }

    /// The tenant of each ChangePassword call, in the order they arrived.
    var passwordChanges: [String] { state.withLock { $0.passwordChanges } }

    /// ChangePassword calls waiting now.
    var heldCalls: Int { state.withLock { $0.held.count } }

    /// Lets every waiting ChangePassword call answer, and later ones answer at once.
    func releaseHeld() {
        let waiting = state.withLock { state in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for call in waiting { call.resume() }
    }

    /// Publishes `id` (a jti or a sid) as revoked until `until` (Unix seconds).
    func revoke(_ id: String, until: Int64) {
        state.withLock { $0.revocations.append(Revocation(id: id, until: Timestamp(seconds: until))) }
    }

    private func received<Request>(_ request: Request, _ context: CallContext) -> Received<Request> {
        Received(request: request, requestID: context.metadata.requestID,
                 hadCaller: context.metadata.tenant != nil || context.metadata.principal != nil)
    }

    func login(_ request: LoginRequest, context: CallContext) async throws -> LoginResponse {
        state.withLock { $0.logins.append(received(request, context)) }
        return Self.loginAnswer
    }

    func legacyLogin(_ request: LoginRequest, context: CallContext) async throws -> LegacyAuthResponse {
        state.withLock { $0.logins.append(received(request, context)) }
        return LegacyAuthResponse(success: true, message: "Login successful", token: Self.loginAnswer.accessToken,
                                  user: LegacyUser(id: "u1", email: request.email, role: "admin", tenantId: "t1", firstName: "Ana", lastName: "Pop"))
    }

    func signUp(_ request: SignUpRequest, context: CallContext) async throws -> LegacyAuthResponse {
        LegacyAuthResponse(success: true, message: "User registered successfully", token: Self.loginAnswer.accessToken,
                           user: LegacyUser(id: "u2", email: request.email, role: "admin", tenantId: "t2", firstName: request.firstName))
    }

    func refresh(_ request: RefreshRequest, context: CallContext) async throws -> RefreshResponse {
        state.withLock { $0.refreshes.append(received(request, context)) }
        return RefreshResponse(accessToken: "access.jwt.token2", refreshToken: "refresh-2", expiresIn: 900)
    }

    func logout(_ request: LogoutRequest, context: CallContext) async throws -> LogoutResponse {
        state.withLock { $0.logouts.append(received(request, context)) }
        return LogoutResponse(sessionsEnded: request.allDevices ? 3 : 1)
    }

    func listRevocations(_ request: ListRevocationsRequest, context: CallContext) async throws -> ListRevocationsResponse {
        state.withLock { state in
            state.revocationPolls += 1
            let start = min(Int(request.after) ?? 0, state.revocations.count)
            return ListRevocationsResponse(revocations: Array(state.revocations[start...]), cursor: String(state.revocations.count))
        }
    }

    func acceptInvite(_ request: AcceptInviteRequest, context: CallContext) async throws -> LoginResponse { Self.loginAnswer }

    func changePassword(_ request: ChangePasswordRequest, context: CallContext) async throws -> ChangePasswordResponse {
        await withCheckedContinuation { call in
            let parked = state.withLock { state in
                state.passwordChanges.append(context.metadata.tenant ?? "")
                if state.holding { state.held.append(call) }
                return state.holding
            }
            if !parked { call.resume() }
        }
        return ChangePasswordResponse(changed: true)
    }
}
