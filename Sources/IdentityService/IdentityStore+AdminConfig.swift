import Foundation
import Postgres

// The tenant's row as the admin API reads and writes it (003 §13.1–13.2).
extension IdentityStore {
    /// A tenant with its plan and stored settings.
    struct TenantRecord: Sendable {
        var id: UUID
        var name: String
        var companyName: String
        var cui: String
        var plan: String
        var planExpiresAt: Date?
        var createdAt: Date
        var settings: TenantSettings
    }

    /// The transaction's tenant; `forUpdate` locks its row, which also serializes the seat
    /// count of concurrent CreateUser calls.
    func tenantRecord(_ tenant: UUID, in tx: PGTransaction, forUpdate: Bool = false) async throws -> TenantRecord? {
        let select: PGQuery = """
            SELECT tenant_id, name, company_name, cui, plan, plan_expires_at, created_at, settings FROM tenants
            WHERE tenant_id = \(tenant)
            """
        let rows = try await tx.query(forUpdate ? "\(fragment: select) FOR UPDATE" : select)
        guard let row = rows.first else { return nil }
        return TenantRecord(
            id: try row.decode(UUID.self, column: "tenant_id"), name: try row.decode(String.self, column: "name"),
            companyName: try row.decode(String.self, column: "company_name"), cui: try row.decode(String.self, column: "cui"),
            plan: try row.decode(String.self, column: "plan"), planExpiresAt: try row.decode(Date?.self, column: "plan_expires_at"),
            createdAt: try row.decode(Date.self, column: "created_at"),
            settings: try row.decode(PGJSON<TenantSettings>.self, column: "settings").value)
    }

    /// The tenant's plan alone, for what acts on its limits (a verified API key).
    func tenantPlan(_ tenant: UUID, in tx: PGTransaction) async throws -> String? {
        try await tx.query("SELECT plan FROM tenants WHERE tenant_id = \(tenant)").first?.decode(String.self, column: "plan")
    }

    func saveSettings(_ settings: TenantSettings, tenant: UUID, in tx: PGTransaction) async throws {
        try await tx.query("UPDATE tenants SET settings = \(PGJSON(settings))::jsonb, updated_at = now() WHERE tenant_id = \(tenant)")
    }

    /// Users holding a seat of the plan: everyone not deleted (invited and suspended users too).
    func seatsTaken(_ tenant: UUID, in tx: PGTransaction) async throws -> Int {
        let rows = try await tx.query("SELECT count(*) AS n FROM users WHERE tenant_id = \(tenant) AND deleted_at IS NULL")
        return Int(try rows[0].decode(Int64.self, column: "n"))
    }
}
