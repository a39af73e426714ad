/// What a tenant's plan allows (003 §13.1 `features` and `limits`).
///
/// 003 §16.2 fixes only the request rates of each plan; the AI message allowance follows from
/// its "AI Requests/Day" column (× 30 days). The seats, contacts and products below are this
/// platform's choice, set in one place so sales can change them.
struct PlanTier: Sendable, Hashable {
    var name: String
    var maxUsers: Int
    var maxContacts: Int
    var maxProducts: Int
    var aiRequestsPerDay: Int
    /// Features beyond the core (negotiations, documents, e-Factura) that every plan has.
    var extras: Set<String>

    var maxAIMessagesPerMonth: Int { aiRequestsPerDay * 30 }

    static let starter = PlanTier(name: "starter", maxUsers: 5, maxContacts: 1_000, maxProducts: 500, aiRequestsPerDay: 500, extras: [])
    static let professional = PlanTier(name: "professional", maxUsers: 25, maxContacts: 10_000, maxProducts: 5_000,
                                       aiRequestsPerDay: 2_000, extras: ["api_access", "webhooks", "advanced_analytics"])
    static let enterprise = PlanTier(name: "enterprise", maxUsers: 250, maxContacts: 100_000, maxProducts: 50_000,
                                     aiRequestsPerDay: 10_000, extras: ["api_access", "webhooks", "advanced_analytics", "priority_support"])

    /// The tier named `name`; the schema allows only these three, starter for anything else.
    /// 002's tiers map onto them by their rate limits: free and starter (60 and 300 a minute)
    /// onto starter, business (1,000 a minute) onto professional, enterprise onto enterprise.
    static func named(_ name: String) -> PlanTier {
        switch canonicalName(name) {
        case "professional": .professional
        case "enterprise": .enterprise
        default: .starter
        }
    }

    /// 003 §16.2's name for a plan named in 003's or 002's terms.
    static func canonicalName(_ name: String) -> String {
        switch name.lowercased() {
        case "professional", "business": "professional"
        case "enterprise": "enterprise"
        default: "starter"
        }
    }

    /// Every feature the platform knows, in the order the config lists them.
    static let features = ["ai_agent", "negotiations", "documents", "efactura", "api_access", "webhooks", "advanced_analytics",
                           "priority_support"]

    func isEnabled(_ feature: String) -> Bool {
        ["ai_agent", "negotiations", "documents", "efactura"].contains(feature) || extras.contains(feature)
    }
}
