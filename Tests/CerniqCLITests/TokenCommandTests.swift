import Foundation
import GatewayAuth
import Testing
@testable import CLI

/// `cerniq token keygen` and `mint` through the CLI entry point, checked by the verifier.
@Suite struct TokenCommandTests {
    let tool = CommandLineTool(commands: [TokenCommand.self, CertsCommand.self])

    func run(_ arguments: [String]) async -> (Int32, Console.Captured) {
        let (console, captured) = Console.capturing()
        let context = CommandContext(environment: [:], console: console, readStandardInput: { [] }, standardInputIsTerminal: false,
                                     connect: { _ in throw CommandFailure("no server in this test") }, processorCount: 1)
        return (await tool.run(arguments, context: context), captured)
    }

    func withTemporaryDirectory<R>(_ body: (String) async throws -> R) async rethrows -> R {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cerniq-token-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    @Test func keygenThenMint_printsATokenTheVerifierAccepts() async throws {
        try await withTemporaryDirectory { directory in
            let (keygen, keygenOutput) = await run(["token", "keygen", "--out", directory + "/", "--kid", "2026-01"])
            #expect(keygen == 0, "\(keygenOutput.standardError)")
            let privatePath = directory + "/token-signing.pem"
            let mode = try #require(FileManager.default.attributesOfItem(atPath: privatePath)[.posixPermissions] as? Int)
            #expect(mode == 0o600)

            let tenant = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
            let (mint, output) = await run(["token", "mint", "--key", privatePath, "--kid", "2026-01", "--tenant", tenant,
                                            "--sub", "user-7", "--email", "ana@example.ro", "--roles", "sales_manager,viewer",
                                            "--permissions", "hitl:escalate", "--ttl", "2h"])
            #expect(mint == 0, "\(output.standardError)")
            let token = output.standardOutput.trimmingCharacters(in: .newlines)
            #expect(!token.contains("\n") && token.split(separator: ".").count == 3)

            let publicPEM = try String(contentsOfFile: directory + "/token-signing.pub.pem", encoding: .utf8)
            let verifier = try TokenVerifier(checkingKeys: ["2026-01": publicPEM])
            let now = Int64(Date().timeIntervalSince1970)
            let claims = try verifier.verify(authorizationHeader: "Bearer \(token)", now: now)
            #expect(claims.sub == "user-7" && claims.tenantId == tenant && claims.email == "ana@example.ro")
            #expect(claims.roles == ["sales_manager", "viewer"] && claims.permissions == ["hitl:escalate"])
            #expect(claims.exp - claims.iat == 7200 && abs(claims.iat - now) <= 5)
            #expect(UUID(uuidString: claims.jti) != nil)
            #expect(claims.grantedPermissions.contains("hitl:escalate") && !claims.grantedPermissions.contains("negotiations:archive"))
            #expect(throws: AuthFailure.tokenExpired) { try verifier.verify(authorizationHeader: "Bearer \(token)", now: now + 7300) }
            // Another kid is refused: the kid is part of what was signed.
            #expect(throws: AuthFailure.tokenInvalid) {
                try TokenVerifier(keys: ["other": publicPEM]).verify(authorizationHeader: "Bearer \(token)", now: now)
            }
        }
    }

    @Test func keygenToAFile_putsThePublicKeyBeside_andNeverOverwrites() async throws {
        try await withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let (status, output) = await run(["token", "keygen", "--out", directory + "/signing.pem"])
            #expect(status == 0, "\(output.standardError)")
            #expect(output.standardOutput.contains("kid dev"))
            #expect(FileManager.default.fileExists(atPath: directory + "/signing.pub.pem"))
            let again = await run(["token", "keygen", "--out", directory + "/signing.pem"])
            #expect(again.0 == CommandLineTool.failureExitCode)
            #expect(again.1.standardError.contains("already exists"))
        }
    }

    @Test func mintRefusesBadArguments_withUsageErrors() async {
        await withTemporaryDirectory { directory in
            _ = await run(["token", "keygen", "--out", directory + "/"])
            let key = directory + "/token-signing.pem"
            let base = ["token", "mint", "--key", key, "--kid", "dev"]
            for extra in [["--tenant", "acme"], [], ["--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "--roles", "root"],
                          ["--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "--permissions", "everything"],
                          ["--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "--ttl", "soon"],
                          ["--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "--ttl", "90d"],
                          ["--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "--out", directory]] {
                let (status, output) = await run(base + extra)
                #expect(status == CommandLineTool.usageExitCode, "\(extra): \(output.standardError)")
                #expect(output.standardOutput.isEmpty)
            }
            let (status, _) = await run(["token", "frobnicate"])
            #expect(status == CommandLineTool.usageExitCode)
            let (missingKey, output) = await run(["token", "mint", "--key", directory + "/nope.pem", "--kid", "dev",
                                                  "--tenant", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"])
            #expect(missingKey == CommandLineTool.failureExitCode && output.standardError.contains("nope.pem"))
        }
    }

    @Test func certsWritesTheDevelopmentSigningKeyOnce() async throws {
        try await withTemporaryDirectory { directory in
            let (first, output) = await run(["certs", "--out", directory, "--components", "gateway"])
            #expect(first == 0, "\(output.standardError)")
            let pem = try String(contentsOfFile: directory + "/token-signing.pem", encoding: .utf8)
            let publicPEM = try String(contentsOfFile: directory + "/token-signing.pub.pem", encoding: .utf8)
            #expect(try TokenSigningKey(pem: pem, kid: "dev").publicKeyPEM == publicPEM)
            let (second, _) = await run(["certs", "--out", directory, "--components", "gateway"])
            #expect(second == 0)
            #expect(try String(contentsOfFile: directory + "/token-signing.pem", encoding: .utf8) == pem)
        }
    }
}
