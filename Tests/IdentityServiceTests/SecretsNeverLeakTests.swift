import CommonAPI
import Foundation
import IdentityAPI
import IdentityService
import RPC
import RPCTestKit
import ServiceKit
import Synchronization
import Testing

/// Passwords, refresh tokens and API keys appear in no log line at any level, and in no
/// answer but the one that hands them out (003 §2.2 "shown once").
@Suite struct SecretsNeverLeakTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined() } }
        func logger(_ component: String) -> Logger {
            Logger(component: component, minimumLevel: .debug, sink: { line in self.lines.withLock { $0.append(line) } })
        }
    }

    @Test func noSecretReachesALogOrASecondAnswer() async throws {
        try await IdentityHarness.with { h in
            let lines = Lines()
            let store = IdentityStore(pool: h.pool)
            let identity = IdentityService(store: store, signingKey: IdentityHarness.key, hasher: IdentityHarness.hasher, log: lines.logger("identity"))
            let keys = ApiKeyService(store: store, log: lines.logger("keys"))
            try await withTestServer(services: [identity.serviceDefinition, keys.serviceDefinition], schema: IdentityMetadata.registry) { server in
                let rpc = try makeClient(for: server, identity: "gateway")
                defer { rpc.close() }
                let client = IdentityServiceClient(rpc), apiKeys = ApiKeyServiceClient(rpc)

                let login = try await client.login(LoginRequest(email: h.email, password: h.password))
                _ = try? await client.login(LoginRequest(email: h.email, password: "Wrong-password-42"))
                let rotated = try await client.refresh(RefreshRequest(refreshToken: login.refreshToken))
                let created = try await apiKeys.createApiKey(CreateApiKeyRequest(name: "erp", scopes: ["products:read"]), options: h.asUser())
                _ = try await apiKeys.verifyApiKey(VerifyApiKeyRequest(key: created.key))
                let listed = try await apiKeys.listApiKeys(ListApiKeysRequest(), options: h.asUser())
                _ = try await client.logout(LogoutRequest(refreshToken: rotated.refreshToken))

                let logs = lines.text
                #expect(!logs.isEmpty, "the calls were logged at all")
                for secret in [h.password, "Wrong-password-42", login.refreshToken, rotated.refreshToken, created.key, login.accessToken] {
                    #expect(!logs.contains(secret), "a secret reached the log")
                }
                #expect(!String(describing: listed).contains(created.key))
                #expect(!String(describing: login).contains(h.password))
            }
        }
    }
}
