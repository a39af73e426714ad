import CommonAPI
import Credentials
import Foundation
import GatewayAuth
import IdentityAPI
import RPCCore
import ServiceKit

// POST /api/v1/auth/api-keys (003 §2.5 CreateAPIKeyRequest / CreateAPIKeyResponse).
extension ApiKeyService {
    /// A key may carry only scopes its creator holds: otherwise a user could mint a key worth
    /// more than their own login. The key's text is in the answer only; it is never stored
    /// or logged.
    public func createApiKey(_ request: CreateApiKeyRequest, context: CallContext) async throws -> CreateApiKeyResponse {
        let tenant = try Self.tenant(of: context)
        let caller = try Self.caller(of: context, tenant: tenant)
        let issuedAt = now()
        let name = request.name.trimmingCharacters(in: .whitespaces)
        let scopes = Self.distinct(request.scopes)
        let environment = request.environment.isEmpty ? "live" : request.environment
        var violations: [SeedError.Violation] = []
        if name.isEmpty { violations.append(.init(field: "name", code: "VAL_REQUIRED_FIELD", message: "name is required")) }
        if name.count > ApiKeyRules.maximumNameLength {
            violations.append(.init(field: "name", code: "VAL_OUT_OF_RANGE", message: "name is longer than \(ApiKeyRules.maximumNameLength) characters"))
        }
        if scopes.isEmpty { violations.append(.init(field: "scopes", code: "VAL_REQUIRED_FIELD", message: "at least one scope is required")) }
        let unknown = scopes.filter { !Permissions.all.contains($0) }
        if !unknown.isEmpty {
            violations.append(.init(field: "scopes", code: "VAL_INVALID_ENUM", message: "unknown scopes: \(unknown.joined(separator: ", "))"))
        }
        let prefix = ApiKeyRules.prefixes[environment]
        if prefix == nil { violations.append(.init(field: "environment", code: "VAL_INVALID_ENUM", message: "environment must be live or test")) }
        let expiresAt = request.expiresAt?.date
        if let expiresAt, expiresAt <= issuedAt {
            violations.append(.init(field: "expiresAt", code: "VAL_OUT_OF_RANGE", message: "expiresAt must be in the future"))
        }
        if request.rateLimit > ApiKeyRules.maximumRateLimit {
            violations.append(.init(field: "rateLimit", code: "VAL_OUT_OF_RANGE",
                                    message: "rateLimit must be at most \(ApiKeyRules.maximumRateLimit) requests per minute"))
        }
        guard violations.isEmpty, let prefix else { throw SeedError.validation(violations) }
        let lacking = scopes.filter { !caller.scopes.contains($0) }
        guard lacking.isEmpty else {
            throw SeedError("AUTHZ_PERMISSION_DENIED", "You cannot grant scopes you do not hold: \(lacking.joined(separator: ", "))", field: "scopes")
        }

        let key = OpaqueToken.generate(prefix: prefix)
        let rateLimit = request.rateLimit == 0 ? ApiKeyRules.defaultRateLimit : Int(request.rateLimit)
        let stored = try await store.transaction(tenant: tenant) { tx in
            let stored = try await store.insertApiKey(
                tenant: tenant, name: name, prefix: prefix, hint: ApiKeyRules.hint(for: key, prefix: prefix),
                digest: OpaqueToken.digest(key), scopes: scopes, rateLimit: rateLimit, createdBy: caller.user,
                expiresAt: expiresAt, in: tx)
            try await store.recordChange(tx, tenant: tenant, context: context, action: "api_key.created", entityType: "api_key",
                                         entityId: stored.id.uuidString.lowercased(), description: "Created API key \"\(name)\" (\(scopes.joined(separator: " ")))")
            return stored
        }
        // The id only: the key's text must never reach a log. (The logger adds the call's tenant.)
        log.info("api key created", ["apiKey": stored.id.uuidString.lowercased(), "by": caller.user, "scopes": scopes.joined(separator: " ")])
        return CreateApiKeyResponse(id: stored.id.uuidString.lowercased(), key: key, name: name, scopes: scopes,
                                    expiresAt: expiresAt.map { Timestamp($0) }, createdAt: Timestamp(stored.createdAt))
    }

    /// Who is creating the key, from the `principal` the gateway sets: their user id and the
    /// scopes they hold (their roles' per 003 §2.4 and their own permissions).
    static func caller(of context: CallContext, tenant: UUID) throws(SeedError) -> (user: String, scopes: Set<String>) {
        guard let bytes = context.metadata.principal, let principal = try? Principal(decoding: bytes) else {
            throw SeedError("AUTHZ_PERMISSION_DENIED", "An API key is created for a signed-in caller")
        }
        // A principal of another tenant must not mint keys here with its own scopes.
        if !principal.tenantId.isEmpty, UUID(uuidString: principal.tenantId) != tenant {
            throw SeedError("AUTHZ_TENANT_MISMATCH", "The caller belongs to another tenant")
        }
        return (principal.userId, Permissions.granted(roles: principal.roles, explicit: principal.permissions))
    }

    /// `scopes` without repeats, in their first order.
    static func distinct(_ scopes: [String]) -> [String] {
        var seen = Set<String>()
        return scopes.filter { seen.insert($0).inserted }
    }
}
