import CommonAPI
import Foundation
import IdentityAPI
import ServiceKit

// UpdateTenantConfig (003 §13.2): the members named in `update_mask` are replaced, the
// others kept. Within a replaced member, booleans and numbers are taken as sent; a string
// left empty and a message left out keep their current value, because proto3 cannot tell
// them from absent (and none of them may be empty anyway). A member named but null returns
// to its defaults.
extension TenantSettings {
    static let currencies = ["RON", "EUR", "USD"]
    static let dateFormats = ["DD.MM.YYYY", "DD/MM/YYYY", "YYYY-MM-DD", "MM/DD/YYYY"]
    static let sessionTimeoutMinutes = 5...43_200
    static let passwordLengths = 8...128
    static let maxWhitelistEntries = 100

    /// These settings with `request`'s masked members applied; every invalid field at once.
    func applying(_ request: UpdateTenantConfigRequest) throws(SeedError) -> TenantSettings {
        var next = self
        var violations: [SeedError.Violation] = []
        for name in Set(request.updateMask) {
            guard let member = Member(rawValue: name) else {
                violations.append(.init(field: name, code: "VAL_INVALID_FORMAT", message: "\(name) is not a setting that can be updated"))
                continue
            }
            switch member {
            case .branding: next.branding = request.branding.map { branding.merged($0, into: &violations) } ?? Branding()
            case .regional: next.regional = request.regional.map { regional.merged($0, into: &violations) } ?? Regional()
            case .defaults: next.defaults = request.defaults.map { defaults.merged($0, into: &violations) } ?? Defaults()
            case .notifications:
                next.notifications = request.notifications.map {
                    Notifications(emailNotifications: $0.emailNotifications, pushNotifications: $0.pushNotifications,
                                  dailyDigest: $0.dailyDigest, weeklyReport: $0.weeklyReport)
                } ?? Notifications()
            case .security: next.security = request.security.map { security.merged($0, into: &violations) } ?? Security()
            }
        }
        guard violations.isEmpty else { throw SeedError.validation(violations.sorted { $0.field < $1.field }) }
        return next
    }
}

extension TenantSettings.Branding {
    func merged(_ update: IdentityAPI.Branding, into violations: inout [SeedError.Violation]) -> Self {
        var next = self
        if !update.logo.isEmpty {
            if update.logo.utf8.count > 2_048 {
                violations.append(.init(field: "branding.logo", code: "VAL_OUT_OF_RANGE", message: "logo must be at most 2048 bytes"))
            }
            next.logo = update.logo
        }
        if !update.primaryColor.isEmpty {
            if !Self.isHexColor(update.primaryColor) {
                violations.append(.init(field: "branding.primaryColor", code: "VAL_INVALID_FORMAT", message: "primaryColor must be #RRGGBB"))
            }
            next.primaryColor = update.primaryColor.uppercased()
        }
        if !update.companyName.isEmpty {
            if update.companyName.count > 200 {
                violations.append(.init(field: "branding.companyName", code: "VAL_OUT_OF_RANGE", message: "companyName must be at most 200 characters"))
            }
            next.companyName = update.companyName
        }
        return next
    }

    static func isHexColor(_ text: String) -> Bool {
        text.utf8.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }
}

extension TenantSettings.Regional {
    func merged(_ update: RegionalSettings, into violations: inout [SeedError.Violation]) -> Self {
        var next = self
        if !update.timezone.isEmpty {
            // An IANA name only: TimeZone(identifier:) also takes abbreviations such as "EET"
            // and offsets such as "GMT+2", which drift from the law across DST rule changes.
            if update.timezone != "UTC" && !TimeZone.knownTimeZoneIdentifiers.contains(update.timezone) {
                violations.append(.init(field: "regional.timezone", code: "VAL_INVALID_ENUM", message: "timezone must be an IANA name such as Europe/Bucharest"))
            }
            next.timezone = update.timezone
        }
        if !update.locale.isEmpty {
            if !Self.isLocale(update.locale) {
                violations.append(.init(field: "regional.locale", code: "VAL_INVALID_FORMAT", message: "locale must be a language tag such as ro-RO"))
            }
            next.locale = update.locale
        }
        if !update.currency.isEmpty {
            if !TenantSettings.currencies.contains(update.currency) {
                violations.append(.init(field: "regional.currency", code: "VAL_INVALID_ENUM", message: "currency must be RON, EUR or USD"))
            }
            next.currency = update.currency
        }
        if !update.dateFormat.isEmpty {
            if !TenantSettings.dateFormats.contains(update.dateFormat) {
                violations.append(.init(field: "regional.dateFormat", code: "VAL_INVALID_ENUM",
                                        message: "dateFormat must be one of \(TenantSettings.dateFormats.joined(separator: ", "))"))
            }
            next.dateFormat = update.dateFormat
        }
        return next
    }

    /// `ll` or `ll-CC` (BCP 47 language and region), as the web client's Intl APIs take it.
    static func isLocale(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
    }
}

extension TenantSettings.Defaults {
    func merged(_ update: TenantDefaults, into violations: inout [SeedError.Violation]) -> Self {
        var next = self
        if update.paymentTerms > 365 {
            violations.append(.init(field: "defaults.paymentTerms", code: "VAL_OUT_OF_RANGE", message: "paymentTerms must be 0 to 365 days"))
        }
        next.paymentTerms = Int(update.paymentTerms)
        if !(1...365).contains(update.validityDays) {
            violations.append(.init(field: "defaults.validityDays", code: "VAL_OUT_OF_RANGE", message: "validityDays must be 1 to 365 days"))
        }
        next.validityDays = Int(update.validityDays)
        if let rate = update.defaultVatRate {
            if let value = Foundation.Decimal(string: rate.value, locale: Locale(identifier: "en_US_POSIX")), value >= 0, value <= 100,
               rate.value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
                next.defaultVatRate = rate.value
            } else {
                violations.append(.init(field: "defaults.defaultVatRate", code: "VAL_OUT_OF_RANGE", message: "defaultVatRate must be a percentage from 0 to 100"))
            }
        }
        return next
    }
}

extension TenantSettings.Security {
    func merged(_ update: SecuritySettings, into violations: inout [SeedError.Violation]) -> Self {
        var next = self
        next.requireTwoFactor = update.requireTwoFactor
        // 0 is the contract's "the default" (identity.proto SecuritySettings).
        let timeout = update.sessionTimeout == 0 ? Self().sessionTimeout : Int(update.sessionTimeout)
        if !TenantSettings.sessionTimeoutMinutes.contains(timeout) {
            violations.append(.init(field: "security.sessionTimeout", code: "VAL_OUT_OF_RANGE", message: "sessionTimeout must be 5 to 43200 minutes"))
        }
        next.sessionTimeout = timeout
        if update.ipWhitelist.count > TenantSettings.maxWhitelistEntries {
            violations.append(.init(field: "security.ipWhitelist", code: "VAL_OUT_OF_RANGE",
                                    message: "ipWhitelist may have at most \(TenantSettings.maxWhitelistEntries) entries"))
        }
        for (index, entry) in update.ipWhitelist.enumerated() where !IPAddressRange.isValid(entry) {
            violations.append(.init(field: "security.ipWhitelist[\(index)]", code: "VAL_INVALID_FORMAT",
                                    message: "not an IPv4 or IPv6 address or CIDR block"))
        }
        next.ipWhitelist = update.ipWhitelist
        if let policy = update.passwordPolicy {
            if !TenantSettings.passwordLengths.contains(Int(policy.minLength)) {
                violations.append(.init(field: "security.passwordPolicy.minLength", code: "VAL_OUT_OF_RANGE", message: "minLength must be 8 to 128"))
            }
            next.passwordPolicy = TenantSettings.PasswordRules(
                minLength: Int(policy.minLength), requireUppercase: policy.requireUppercase, requireNumber: policy.requireNumber,
                requireSpecial: policy.requireSpecial)
        }
        return next
    }
}
