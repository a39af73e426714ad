import Foundation

/// The settings of 003 §13.2 as `tenants.settings` (jsonb) stores them. Each member is
/// written whole by UpdateTenantConfig, so a member is either absent (the defaults apply) or
/// complete. A member that no longer decodes (written by a newer build) reads as its defaults
/// rather than failing every config read.
struct TenantSettings: Codable, Sendable, Hashable {
    struct Branding: Codable, Sendable, Hashable {
        var logo = ""
        var primaryColor = "#1E40AF"
        /// Empty: the tenant's company name (or its name) is shown.
        var companyName = ""
    }

    struct Regional: Codable, Sendable, Hashable {
        var timezone = "Europe/Bucharest"
        var locale = "ro-RO"
        var currency = "RON"
        var dateFormat = "DD.MM.YYYY"
    }

    struct Defaults: Codable, Sendable, Hashable {
        /// Days to pay an invoice.
        var paymentTerms = 30
        /// Days an offer or proforma stays valid.
        var validityDays = 30
        /// Percent, as exact decimal text: Romania's standard rate since 1 August 2025 (Law 141/2025).
        var defaultVatRate = "21"
    }

    struct Notifications: Codable, Sendable, Hashable {
        var emailNotifications = true
        var pushNotifications = false
        var dailyDigest = false
        var weeklyReport = true
    }

    struct PasswordRules: Codable, Sendable, Hashable {
        // The Credentials.PasswordPolicy defaults: 8 characters, no composition rules (NIST SP 800-63B §5.1.1).
        var minLength = 8
        var requireUppercase = false
        var requireNumber = false
        var requireSpecial = false
    }

    struct Security: Codable, Sendable, Hashable {
        var requireTwoFactor = false
        /// Minutes of inactivity after which a session ends.
        var sessionTimeout = 480
        var ipWhitelist: [String] = []
        var passwordPolicy = PasswordRules()
    }

    var branding = Branding()
    var regional = Regional()
    var defaults = Defaults()
    var notifications = Notifications()
    var security = Security()

    /// The members an update may name (003 §13.2), as the gateway spells them in `update_mask`.
    enum Member: String, CaseIterable, Sendable {
        case branding, regional, defaults, notifications, security
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        branding = (try? container.decodeIfPresent(Branding.self, forKey: .branding)) ?? Branding()
        regional = (try? container.decodeIfPresent(Regional.self, forKey: .regional)) ?? Regional()
        defaults = (try? container.decodeIfPresent(Defaults.self, forKey: .defaults)) ?? Defaults()
        notifications = (try? container.decodeIfPresent(Notifications.self, forKey: .notifications)) ?? Notifications()
        security = (try? container.decodeIfPresent(Security.self, forKey: .security)) ?? Security()
    }
}
