import Foundation
import GatewayAuth

/// `cerniq token`: makes Ed25519 access-token signing keys (`keygen`) and mints tokens with
/// them (`mint`) for development and tests; in production Identity issues tokens (003 §2.5).
public enum TokenCommand: Command {
    public static let name = "token"
    public static let summary = "Make access-token signing keys and mint development tokens."
    public static let usage = """
        cerniq token keygen --out DIR|FILE [--kid K]
               cerniq token mint --key PEM --kid K --tenant UUID [--sub ID] [--email E] [--roles a,b] [--permissions a,b] [--plan P] [--ttl 15m]
        """
    public static let details = """
        keygen writes an Ed25519 private key (PKCS#8 PEM, mode 0600) and its public key. With
        --out a folder (existing, or ending in /) the files are token-signing.pem and
        token-signing.pub.pem; with --out FILE.pem the public key is FILE.pub.pem. Existing
        files are never replaced. The kid (default "dev") is what verifiers map to the public key.

        mint prints one access token (alg EdDSA, 003 §2.1 claims) on standard output: iat now,
        exp now + --ttl (default 15m, at most 30 days), jti and, without --sub, sub random UUIDs.
        Roles are those of 003 §2.4 (\(Permissions.roles.keys.sorted().joined(separator: ", "))); permissions the §2.3 scopes.
        """
    public static let parser = ArgumentParser(options: [
        .init("out", value: "DIR|FILE", help: "keygen: folder or private key file to write"),
        .init("kid", value: "K", help: "key id (keygen: default dev; mint: required)"),
        .init("key", value: "PEM", help: "mint: the private key file"),
        .init("tenant", value: "UUID", help: "mint: tenantId"),
        .init("sub", value: "ID", help: "mint: user id (default a random UUID)"),
        .init("email", value: "E", help: "mint: e-mail claim"),
        .init("roles", value: "LIST", help: "mint: comma-separated roles"),
        .init("permissions", value: "LIST", help: "mint: comma-separated explicit scopes"),
        .init("plan", value: "P", help: "mint: the tenant's plan claim (starter, professional, enterprise)"),
        .init("ttl", value: "DURATION", help: "mint: lifetime, e.g. 15m, 3600s, 24h (default 15m)"),
    ], positionals: 1...1)

    static let keygenOptions: Set<String> = ["out", "kid", "help"]
    static let mintOptions: Set<String> = ["key", "kid", "tenant", "sub", "email", "roles", "permissions", "plan", "ttl", "help"]
    static let maxLifetimeSeconds: Int64 = 30 * 86_400

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        switch arguments.positionals[0] {
        case "keygen":
            try only(keygenOptions, in: arguments, for: "keygen")
            return try keygen(arguments, context: context)
        case "mint":
            try only(mintOptions, in: arguments, for: "mint")
            return try mint(arguments, context: context, now: Int64(Date().timeIntervalSince1970))
        case let other:
            throw UsageError("unknown subcommand \"\(other)\" (keygen or mint)")
        }
    }

    private static func only(_ allowed: Set<String>, in arguments: ParsedArguments, for subcommand: String) throws(UsageError) {
        if let stray = arguments.values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw UsageError("--\(stray) does not apply to token \(subcommand)")
        }
    }

    static func keygen(_ arguments: ParsedArguments, context: CommandContext) throws -> Int32 {
        guard let out = arguments.value("out") else { throw UsageError("token keygen needs --out DIR|FILE") }
        let kid = arguments.value("kid") ?? "dev"
        guard isValid(kid: kid) else { throw UsageError("--kid: \"\(kid)\" must be 1-128 printable ASCII characters") }
        var isDirectory: ObjCBool = false
        let privatePath: String, publicPath: String
        if out.hasSuffix("/") || (FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue) {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            privatePath = (out as NSString).appendingPathComponent(TokenSigningKey.privateKeyFileName)
            publicPath = (out as NSString).appendingPathComponent(TokenSigningKey.publicKeyFileName)
        } else {
            privatePath = out
            publicPath = (out.hasSuffix(".pem") ? String(out.dropLast(4)) : out) + ".pub.pem"
        }
        do {
            try TokenSigningKey.generate(kid: kid).write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        } catch {
            throw CommandFailure("cerniq token keygen: \(error)")
        }
        context.console.out("kid \(kid): private key \(privatePath), public key \(publicPath)")
        return 0
    }

    static func mint(_ arguments: ParsedArguments, context: CommandContext, now: Int64) throws -> Int32 {
        guard let keyPath = arguments.value("key") else { throw UsageError("token mint needs --key PEM") }
        guard let kid = arguments.value("kid") else { throw UsageError("token mint needs --kid K") }
        guard isValid(kid: kid) else { throw UsageError("--kid: \"\(kid)\" must be 1-128 printable ASCII characters") }
        guard let tenant = arguments.value("tenant") else { throw UsageError("token mint needs --tenant UUID") }
        guard UUID(uuidString: tenant) != nil else { throw UsageError("--tenant: \"\(tenant)\" is not a UUID") }
        let roles = list(arguments.value("roles"))
        if let unknown = roles.first(where: { Permissions.roles[$0] == nil }) {
            throw UsageError("--roles: unknown role \"\(unknown)\" (\(Permissions.roles.keys.sorted().joined(separator: ", ")))")
        }
        let permissions = list(arguments.value("permissions"))
        if let unknown = permissions.first(where: { !Permissions.all.contains($0) }) {
            throw UsageError("--permissions: unknown scope \"\(unknown)\"")
        }
        let ttl = try arguments.value("ttl", as: "a duration such as 15m, 3600s or 24h", DurationText.parse) ?? .seconds(900)
        let lifetime = ttl.components.seconds
        guard lifetime >= 1, lifetime <= maxLifetimeSeconds else { throw UsageError("--ttl must be between 1s and 30 days") }

        let key: TokenSigningKey
        do {
            key = try TokenSigningKey.read(privateKeyPath: keyPath, kid: kid)
        } catch {
            throw CommandFailure("cerniq token mint: \(error)")
        }
        let claims = AccessTokenClaims(
            sub: arguments.value("sub") ?? UUID().uuidString.lowercased(), tenantId: tenant,
            email: arguments.value("email") ?? "", roles: roles, permissions: permissions,
            iat: now, exp: now + lifetime, jti: UUID().uuidString.lowercased(), plan: arguments.value("plan"))
        guard !claims.sub.isEmpty else { throw UsageError("--sub must not be empty") }
        context.console.out(key.sign(claims))
        return 0
    }

    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The kid rule of `TokenSigningKey`, checked here to answer with a usage error.
    private static func isValid(kid: String) -> Bool {
        !kid.isEmpty && kid.utf8.count <= 128 && kid.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
