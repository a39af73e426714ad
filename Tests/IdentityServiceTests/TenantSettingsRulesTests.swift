@testable import IdentityService
import IdentityAPI
import Testing

/// The pure rules behind UpdateTenantConfig (003 §13.2): address ranges, colours, locales, plans.
@Suite struct TenantSettingsRulesTests {
    @Test func ipWhitelistEntries_areAddressesOrCIDRBlocks() {
        for valid in ["192.0.2.1", "203.0.113.0/24", "0.0.0.0/0", "2001:db8::1", "2001:db8::/32", "::1/128"] {
            #expect(IPAddressRange.isValid(valid), "\(valid)")
        }
        for invalid in ["", "nope", "256.0.0.1", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/+8", "10.0.0.0/8/8", "1.2.3"] {
            #expect(!IPAddressRange.isValid(invalid), "\(invalid)")
        }
    }

    @Test func colourAndLocale_haveOneSpelling() {
        #expect(TenantSettings.Branding.isHexColor("#1e40AF"))
        #expect(!TenantSettings.Branding.isHexColor("1E40AF") && !TenantSettings.Branding.isHexColor("#1E40A") && !TenantSettings.Branding.isHexColor("#GGGGGG"))
        #expect(TenantSettings.Regional.isLocale("ro-RO") && TenantSettings.Regional.isLocale("en"))
        #expect(!TenantSettings.Regional.isLocale("ro_RO") && !TenantSettings.Regional.isLocale("RO-ro"))
    }

    @Test func aNullMember_returnsToItsDefaults_andAnEmptyMaskChangesNothing() throws {
        var settings = TenantSettings()
        settings.regional.currency = "EUR"
        #expect(try settings.applying(UpdateTenantConfigRequest()) == settings)
        #expect(try settings.applying(UpdateTenantConfigRequest(updateMask: ["regional"])).regional == TenantSettings.Regional())
    }

    @Test func planTiers_followTheAIAllowanceOf16_2() {
        #expect(PlanTier.named("starter").maxAIMessagesPerMonth == 15_000)
        #expect(PlanTier.named("enterprise").maxAIMessagesPerMonth == 300_000)
        #expect(PlanTier.named("unknown") == .starter)
        #expect(PlanTier.professional.isEnabled("webhooks") && !PlanTier.starter.isEnabled("webhooks"))
    }
}

/// Matching a client's address against `security.ipWhitelist` (003 §13.2).
@Suite struct IPWhitelistMatchingTests {
    @Test func addressesMatchTheirBlocks_byPrefixBits() {
        let list = ["203.0.113.0/25", "192.0.2.9", "2001:db8::/33"]
        for inside in ["203.0.113.0", "203.0.113.127", "192.0.2.9", "2001:db8::1", "2001:db8:7fff::1", "::ffff:203.0.113.5"] {
            #expect(IPAddressRange.contains(inside, in: list), "\(inside)")
        }
        for outside in ["203.0.113.128", "192.0.2.10", "2001:db8:8000::1", "", "not-an-ip", "203.0.113.5:443"] {
            #expect(!IPAddressRange.contains(outside, in: list), "\(outside)")
        }
        #expect(IPAddressRange.contains("8.8.8.8", in: ["0.0.0.0/0"]))
        #expect(!IPAddressRange.contains("::1", in: ["0.0.0.0/0"]), "families never match each other")
    }
}
