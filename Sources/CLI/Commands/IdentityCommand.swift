import Credentials
import Foundation
import IdentityService
import Postgres
import ServiceKit

/// `cerniq identity`: operator commands against Identity's database: make a tenant and its
/// first administrator (`bootstrap`), turn a user's TOTP on or off (`mfa`).
public enum IdentityCommand: Command {
    public static let name = "identity"
    public static let summary = "Operator commands for Identity: bootstrap a tenant's administrator, set MFA."
    public static let usage = """
        cerniq identity bootstrap --tenant UUID --tenant-name NAME --email E [--role admin] [--first-name F] [--last-name L]
               cerniq identity mfa --email E --enable|--disable
        """
    public static let details = """
        Both connect with DATABASE_URL (a superuser URL, as `serve` uses): Identity's schema and
        roles are provisioned and migrated first, then the change runs as identity_app.
        bootstrap reads the password from CERNIQ_BOOTSTRAP_PASSWORD, or from standard input, so
        it never appears in a process list; it creates or renames the tenant and creates the user,
        or resets the password and role of the user with that email.
        mfa --enable prints the new TOTP secret in base32 and an otpauth:// URI for an authenticator app.
        """
    public static let parser = ArgumentParser(options: [
        .init("tenant", value: "UUID", help: "bootstrap: the tenant's id"),
        .init("tenant-name", value: "NAME", help: "bootstrap: the tenant's name"),
        .init("email", value: "E", help: "the user's email"),
        .init("role", value: "ROLE", help: "bootstrap: admin (default), sales_manager, sales_rep or viewer"),
        .init("first-name", value: "F", help: "bootstrap: first name"),
        .init("last-name", value: "L", help: "bootstrap: last name"),
        .init("enable", help: "mfa: turn TOTP on"),
        .init("disable", help: "mfa: turn TOTP off"),
    ], positionals: 1...1)

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let environment = Environment(context.environment)
        func required(_ name: String) throws -> String {
            guard let value = arguments.value(name), !value.isEmpty else { throw UsageError("--\(name) is required") }
            return value
        }
        let database = try await ServiceDatabase.provision(
            adminURL: try environment.required("DATABASE_URL"), service: IdentitySchema.service, migrations: IdentitySchema.migrations)
        let pool = PGPool(configuration: .init(url: database.appURL, maxConnections: 2, applicationName: "cerniq-identity-cli"))
        defer { pool.close() }
        let bootstrap = TenantBootstrap(store: IdentityStore(pool: pool))
        switch arguments.positionals[0] {
        case "bootstrap":
            guard let tenant = UUID(uuidString: try required("tenant")) else { throw UsageError("--tenant must be a UUID") }
            let password = context.environment["CERNIQ_BOOTSTRAP_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let user = try await bootstrap.run(
                tenant: tenant, tenantName: try required("tenant-name"), email: try required("email"), password: password,
                role: arguments.value("role") ?? "admin", firstName: arguments.value("first-name") ?? "",
                lastName: arguments.value("last-name") ?? "")
            context.console.out(#"{"tenant":"\#(tenant.uuidString.lowercased())","user":"\#(user.uuidString.lowercased())"}"#)
        case "mfa":
            let email = try required("email")
            guard arguments.flag("enable") != arguments.flag("disable") else { throw UsageError("give exactly one of --enable and --disable") }
            if let secret = try await bootstrap.setMFA(email: email, enabled: arguments.flag("enable")) {
                let encoded = Base32.encode(secret)
                context.console.out(#"{"secret":"\#(encoded)","uri":"\#(TOTP().provisioningURI(secret: secret, account: email, issuer: "Cerniq"))"}"#)
            } else {
                context.console.out(#"{"mfa":"disabled"}"#)
            }
        default:
            throw UsageError("unknown subcommand \(arguments.positionals[0]); use bootstrap or mfa")
        }
        return 0
    }
}
