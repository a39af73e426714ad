import RPC

/// The flags every command that talks to a server shares: where, with which certificates,
/// how long to wait, and what metadata to send.
public struct CommonOptions: Sendable {
    /// Environment variable naming the default target.
    public static let targetVariable = "CERNIQ_TARGET"
    /// Environment variable naming the folder of the default certificates.
    public static let certDirectoryVariable = "CERNIQ_CERT_DIR"
    public static let defaultTarget = "127.0.0.1:7101"
    public static let defaultCertDirectory = "run/certs"

    /// The options to add to a command's parser.
    public static let parserOptions: [ArgumentParser.Option] = [
        .init("target", value: "HOST:PORT", help: "Server to call (default $\(targetVariable) or \(defaultTarget))."),
        .init("cert", value: "PATH", help: "Client certificate PEM (default $\(certDirectoryVariable)/cli.pem, else \(defaultCertDirectory)/cli.pem)."),
        .init("key", value: "PATH", help: "Client private key PEM (default <cert dir>/cli.key)."),
        .init("ca", value: "PATH", help: "CA certificates PEM to trust (default <cert dir>/ca.pem)."),
        .init("timeout", value: "DURATION", help: "Per-call timeout, e.g. 5s, 250ms (default 5s)."),
        .init("metadata", value: "KEY=VALUE", repeatable: true, help: "Call metadata (tenant, request-id, traceparent, ...); repeatable."),
    ]

    public var target: String
    public var tls: TLSConfiguration
    public var timeout: Duration
    public var metadata: Metadata

    /// Reads the common options from parsed arguments, falling back to `environment`.
    public init(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) {
        target = arguments.value("target") ?? environment[Self.targetVariable].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultTarget
        guard let colon = target.lastIndex(of: ":"), !target[..<colon].isEmpty,
              let port = Int(target[target.index(after: colon)...]), (1...65_535).contains(port) else {
            throw UsageError("--target: \"\(target)\" is not HOST:PORT")
        }
        let directory = environment[Self.certDirectoryVariable].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultCertDirectory
        tls = TLSConfiguration(certificatePath: arguments.value("cert") ?? "\(directory)/cli.pem",
                               privateKeyPath: arguments.value("key") ?? "\(directory)/cli.key",
                               trustRootsPath: arguments.value("ca") ?? "\(directory)/ca.pem")
        timeout = try arguments.value("timeout", as: "a duration such as 5s", DurationText.parse) ?? .seconds(5)
        metadata = Metadata()
        for entry in arguments.all("metadata") {
            guard let equals = entry.firstIndex(of: "=") else { throw UsageError("--metadata: \"\(entry)\" is not KEY=VALUE") }
            let key = String(entry[..<equals]), value = String(entry[entry.index(after: equals)...])
            guard !key.isEmpty, key.utf8.count <= 255,
                  key.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else {
                throw UsageError("--metadata: key \"\(key)\" must be lower-case ASCII letters, digits, '-', '_' or '.'")
            }
            guard value.utf8.count <= 65_535 else { throw UsageError("--metadata: the value of \(key) is longer than 65,535 bytes") }
            metadata.entries.append(Metadata.Entry(key: key, value: Array(value.utf8)))
        }
    }

    /// The client configuration for `connections` pooled connections.
    public func clientConfiguration(connections: Int = 1) -> ClientConfiguration {
        ClientConfiguration(target: target, tls: tls, connections: connections)
    }

    /// Options for one call.
    public var callOptions: CallOptions { CallOptions(timeout: timeout, metadata: metadata) }
}
