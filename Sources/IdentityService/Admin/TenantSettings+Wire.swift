import CommonAPI
import Credentials
import IdentityAPI

// The settings as TenantConfig reports them (003 §13.1), and the password policy they set.
extension TenantSettings {
    /// Branding, with the company's own name when none was chosen for display.
    func brandingWire(companyName fallback: String) -> IdentityAPI.Branding {
        IdentityAPI.Branding(logo: branding.logo, primaryColor: branding.primaryColor,
                             companyName: branding.companyName.isEmpty ? fallback : branding.companyName)
    }

    var regionalWire: RegionalSettings {
        RegionalSettings(timezone: regional.timezone, locale: regional.locale, currency: regional.currency, dateFormat: regional.dateFormat)
    }

    var defaultsWire: TenantDefaults {
        TenantDefaults(paymentTerms: UInt32(clamping: defaults.paymentTerms), validityDays: UInt32(clamping: defaults.validityDays),
                       defaultVatRate: CommonAPI.Decimal(value: defaults.defaultVatRate))
    }

    var notificationsWire: NotificationSettings {
        NotificationSettings(emailNotifications: notifications.emailNotifications, pushNotifications: notifications.pushNotifications,
                             dailyDigest: notifications.dailyDigest, weeklyReport: notifications.weeklyReport)
    }

    var securityWire: SecuritySettings {
        let rules = security.passwordPolicy
        return SecuritySettings(
            requireTwoFactor: security.requireTwoFactor, sessionTimeout: UInt32(clamping: security.sessionTimeout), ipWhitelist: security.ipWhitelist,
            passwordPolicy: PasswordPolicySettings(minLength: UInt32(clamping: rules.minLength), requireUppercase: rules.requireUppercase,
                                                   requireNumber: rules.requireNumber, requireSpecial: rules.requireSpecial))
    }

    /// The policy a new password of this tenant must meet (CreateUser's temporary password).
    var passwordPolicy: PasswordPolicy {
        let rules = security.passwordPolicy
        return PasswordPolicy(minLength: rules.minLength, requireUppercase: rules.requireUppercase, requireNumber: rules.requireNumber,
                              requireSpecial: rules.requireSpecial)
    }
}
