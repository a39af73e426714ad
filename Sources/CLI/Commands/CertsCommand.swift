import DevCertificates
import Foundation
import GatewayAuth

/// `cerniq certs`: issues development certificates (DESIGN D4) — a CA, reused when the
/// folder has one, and a certificate per component whose SAN is its SPIFFE id — and, when
/// absent, the access-token signing key pair the gateway verifies with (kid "dev").
public enum CertsCommand: Command {
    public static let name = "certs"
    public static let summary = "Issue development certificates for mutual TLS."
    public static let usage = "cerniq certs [--out DIR] [--components a,b,...] [--trust-domain DOMAIN]"
    public static let details = """
        Writes ca.pem and ca.key (kept if present), then <component>.pem and <component>.key
        for each component (keys are mode 0600), and token-signing.pem (0600) and
        token-signing.pub.pem, the access-token key pair with kid "dev", kept if present. Defaults: --out run/certs,
        --components \(defaultComponents.joined(separator: ",")), --trust-domain cerniq.local.
        """
    public static let parser = ArgumentParser(options: [
        .init("out", value: "DIR", help: "folder to write into"),
        .init("components", value: "LIST", help: "comma-separated component names"),
        .init("trust-domain", value: "DOMAIN", help: "SPIFFE trust domain"),
    ])

    static let defaultComponents = ["testing", "gateway", "cli", "catalog", "negotiation", "documents", "agent", "hitl", "outreach", "identity"]

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let directory = URL(fileURLWithPath: arguments.value("out") ?? "run/certs")
        let components = arguments.value("components").map { $0.split(separator: ",").map(String.init) } ?? defaultComponents
        let trustDomain = arguments.value("trust-domain") ?? "cerniq.local"
        try CertificateAuthority.writeBundle(to: directory, components: components, trustDomain: trustDomain)
        context.console.out("wrote certificates for \(components.joined(separator: ", ")) to \(directory.path)")
        // Kept across runs like the CA, so development tokens minted earlier stay valid.
        let madeKey = try TokenSigningKey.ensureDevelopmentKey(in: directory.path, kid: "dev")
        context.console.out("\(madeKey ? "wrote" : "kept") token signing key \(TokenSigningKey.privateKeyFileName) (kid dev)")
        return 0
    }
}
