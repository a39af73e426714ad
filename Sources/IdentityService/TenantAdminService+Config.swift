import CommonAPI
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit

// GET and PUT /api/v1/admin/config (003 §13.1, §13.2).
extension TenantAdminService {
    public func getTenantConfig(_ request: GetTenantConfigRequest, context: CallContext) async throws -> TenantConfig {
        let caller = try AdminCaller(context)
        let (record, seats) = try await store.transaction(tenant: caller.tenant) { tx in
            (try await store.tenantRecord(caller.tenant, in: tx), try await store.seatsTaken(caller.tenant, in: tx))
        }
        guard let record else { throw SeedError.notFound("tenant") }
        let plan = PlanTier.named(record.plan)
        let settings = record.settings
        let companyName = record.companyName.isEmpty ? record.name : record.companyName
        return TenantConfig(
            tenant: TenantSummary(id: record.id.uuidString.lowercased(), name: record.name, companyName: record.companyName, cui: record.cui,
                                  createdAt: Timestamp(record.createdAt), plan: plan.name, planExpiresAt: record.planExpiresAt.map(Timestamp.init)),
            features: PlanTier.features.map { feature in
                // Usage is 0 until the AI agent reports what it spent (no service meters it yet).
                TenantFeature(feature: feature, enabled: plan.isEnabled(feature),
                              limit: feature == "ai_agent" ? UInt64(plan.maxAIMessagesPerMonth) : 0, usage: 0)
            },
            // Not configured anywhere yet: the fiscal service will report its own state once it exists.
            integrations: ["anaf_efactura", "oblio"].map { TenantIntegration(name: $0, enabled: false, status: "inactive") },
            // Contacts, products and AI messages count as 0 until those services report their
            // usage to Identity; users are counted here, where they live.
            limits: TenantLimits(maxUsers: UInt64(plan.maxUsers), currentUsers: UInt64(seats), maxContacts: UInt64(plan.maxContacts),
                                 currentContacts: 0, maxProducts: UInt64(plan.maxProducts), currentProducts: 0,
                                 maxAiMessagesPerMonth: UInt64(plan.maxAIMessagesPerMonth), currentAiMessages: 0),
            branding: settings.brandingWire(companyName: companyName), regional: settings.regionalWire, defaults: settings.defaultsWire,
            notifications: settings.notificationsWire, security: settings.securityWire)
    }

    /// Replaces the members named in `update_mask` (TenantSettings+Update); every invalid
    /// field is reported at once and nothing is written.
    public func updateTenantConfig(_ request: UpdateTenantConfigRequest, context: CallContext) async throws -> UpdateTenantConfigResponse {
        let caller = try AdminCaller(context)
        guard !request.updateMask.isEmpty else { return UpdateTenantConfigResponse(updated: false) }
        try await store.transaction(tenant: caller.tenant) { tx in
            guard let record = try await store.tenantRecord(caller.tenant, in: tx, forUpdate: true) else { throw SeedError.notFound("tenant") }
            try await store.saveSettings(try record.settings.applying(request), tenant: caller.tenant, in: tx)
            try await store.recordChange(tx, tenant: caller.tenant, context: context, action: "tenant.settings_updated", entityType: "tenant",
                                         entityId: caller.tenant.uuidString.lowercased(),
                                         description: "Updated the tenant's \(request.updateMask.joined(separator: ", "))")
        }
        log.info("tenant settings updated", ["members": request.updateMask.joined(separator: ",")])
        return UpdateTenantConfigResponse(updated: true)
    }
}
