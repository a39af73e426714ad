import CommonAPI
import Foundation
import IdentityAPI
import Testing

/// GetTenantConfig and UpdateTenantConfig (003 §13.1, §13.2) over the real server.
@Suite struct TenantConfigTests {
    @Test func config_reportsThePlanLimits_andRomanianDefaults() async throws {
        try await IdentityHarness.with { h in
            let config = try await h.admin.getTenantConfig(GetTenantConfigRequest(), options: h.asAdmin())
            #expect(config.tenant?.id == h.tenant.uuidString.lowercased())
            #expect(config.tenant?.name == "Acme SRL")
            #expect(config.tenant?.plan == "starter")
            #expect(config.limits?.maxUsers == 5)
            #expect(config.limits?.currentUsers == 1)
            #expect(config.limits?.maxAiMessagesPerMonth == 15_000)
            #expect(config.regional == RegionalSettings(timezone: "Europe/Bucharest", locale: "ro-RO", currency: "RON", dateFormat: "DD.MM.YYYY"))
            #expect(config.branding?.companyName == "Acme SRL", "the tenant's name until one is chosen")
            #expect(config.security?.passwordPolicy?.minLength == 8)
            #expect(config.features.first { $0.feature == "ai_agent" }?.limit == 15_000)
            #expect(config.features.first { $0.feature == "webhooks" }?.enabled == false)
        }
    }

    @Test func update_replacesTheMaskedMembers_only() async throws {
        try await IdentityHarness.with { h in
            let update = UpdateTenantConfigRequest(
                updateMask: ["branding", "notifications"], branding: Branding(primaryColor: "#11aa33", companyName: "Acme Distribuție"),
                regional: RegionalSettings(currency: "EUR"),
                notifications: NotificationSettings(emailNotifications: false, dailyDigest: true))
            #expect(try await h.admin.updateTenantConfig(update, options: h.asAdmin()).updated)
            let config = try await h.admin.getTenantConfig(GetTenantConfigRequest(), options: h.asAdmin())
            #expect(config.branding?.primaryColor == "#11AA33")
            #expect(config.branding?.companyName == "Acme Distribuție")
            #expect(config.regional?.currency == "RON", "regional was not in the mask")
            #expect(config.notifications == NotificationSettings(emailNotifications: false, pushNotifications: false, dailyDigest: true, weeklyReport: false))

            let security = UpdateTenantConfigRequest(updateMask: ["security"], security: SecuritySettings(
                requireTwoFactor: true, sessionTimeout: 60, ipWhitelist: ["203.0.113.0/24", "2001:db8::1"],
                passwordPolicy: PasswordPolicySettings(minLength: 12, requireNumber: true)))
            _ = try await h.admin.updateTenantConfig(security, options: h.asAdmin())
            let after = try await h.admin.getTenantConfig(GetTenantConfigRequest(), options: h.asAdmin())
            #expect(after.security?.sessionTimeout == 60)
            #expect(after.security?.ipWhitelist == ["203.0.113.0/24", "2001:db8::1"])
            #expect(after.security?.passwordPolicy?.minLength == 12)
            #expect(after.branding?.primaryColor == "#11AA33", "branding kept from the first update")
        }
    }

    @Test func update_reportsEveryInvalidField_andWritesNothing() async throws {
        try await IdentityHarness.with { h in
            let update = UpdateTenantConfigRequest(
                updateMask: ["branding", "regional", "security", "theme"], branding: Branding(primaryColor: "blue"),
                regional: RegionalSettings(timezone: "Mars/Olympus", currency: "GBP"),
                security: SecuritySettings(sessionTimeout: 1, ipWhitelist: ["10.0.0.0/8", "10.0.0.0/33", "nope"],
                                           passwordPolicy: PasswordPolicySettings(minLength: 4)))
            let details = await seedDetails { _ = try await h.admin.updateTenantConfig(update, options: h.asAdmin()) }
            #expect(details?.code == "VAL_MULTIPLE_ERRORS")
            #expect(Set(details?.violations.map(\.field) ?? []) == [
                "branding.primaryColor", "regional.timezone", "regional.currency", "security.sessionTimeout",
                "security.ipWhitelist[1]", "security.ipWhitelist[2]", "security.passwordPolicy.minLength", "theme",
            ])
            let config = try await h.admin.getTenantConfig(GetTenantConfigRequest(), options: h.asAdmin())
            #expect(config.branding?.primaryColor == "#1E40AF")
            #expect(config.regional?.timezone == "Europe/Bucharest")
        }
    }
}
