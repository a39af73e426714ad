import Testing
import RPC
@testable import CLI

@Suite struct CommonOptionsTests {
    func options(_ arguments: [String], _ environment: [String: String] = [:]) throws -> CommonOptions {
        try CommonOptions(ArgumentParser(options: CommonOptions.parserOptions).parse(arguments), environment: environment)
    }

    @Test func defaultsToTheLocalTargetAndRunCerts() throws {
        let common = try options([])
        #expect(common.target == "127.0.0.1:7101")
        #expect(common.tls.certificatePath == "run/certs/cli.pem")
        #expect(common.tls.privateKeyPath == "run/certs/cli.key")
        #expect(common.tls.trustRootsPath == "run/certs/ca.pem")
        #expect(common.timeout == .seconds(5))
    }

    @Test func takesDefaultsFromTheEnvironment_andFlagsOverThem() throws {
        let environment = ["CERNIQ_TARGET": "svc:9000", "CERNIQ_CERT_DIR": "/etc/c"]
        let common = try options(["--ca", "/x/ca.pem"], environment)
        #expect(common.target == "svc:9000")
        #expect(common.tls.certificatePath == "/etc/c/cli.pem")
        #expect(common.tls.trustRootsPath == "/x/ca.pem")
        #expect(try options(["--target", "h:1"], environment).target == "h:1")
    }

    @Test func collectsMetadata_andTheTimeout() throws {
        let common = try options(["--metadata", "tenant=t1", "--metadata", "request-id=a=b", "--timeout", "250ms"])
        #expect(common.metadata.tenant == "t1")
        #expect(common.metadata.requestID == "a=b")
        #expect(common.callOptions.timeout == .milliseconds(250))
    }

    @Test(arguments: [["--target", "nohost"], ["--target", "h:0"], ["--target", ":80"], ["--metadata", "Tenant=x"],
                      ["--metadata", "novalue"], ["--timeout", "soon"]])
    func rejectsMalformedValues(_ arguments: [String]) {
        #expect(throws: UsageError.self) { try options(arguments) }
    }
}
