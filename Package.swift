// swift-tools-version:6.0
// The platform depends on no SwiftPM package (DESIGN D1): Foundation, Dispatch,
// and OpenSSL 3, protobuf-c and libpq through system-library targets.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Cerniq",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cerniq", targets: ["Cerniq"]),
    ],
    targets: [
        // C libraries and the shims Swift needs to reach them.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CProtobufC", path: "Sources/CProtobufC"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        // CShims calls OpenSSL from C, where no Swift import autolinks it: name the libraries here.
        .target(name: "CShims", dependencies: ["COpenSSL"], linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .target(name: "CProtos", dependencies: ["CProtobufC"]),

        // The RPC runtime: a pure core, and the OS layer with server and client.
        .target(name: "RPCCore", swiftSettings: strict),
        .target(name: "RPC", dependencies: ["RPCCore", "RuntimeAPI", "CShims", "COpenSSL"], swiftSettings: strict),
        .target(name: "RPCTestKit", dependencies: ["RPC", "DevCertificates", "COpenSSL"], swiftSettings: strict),

        // The PostgreSQL layer (DESIGN D5, D6): pool, interpolated queries, transactions,
        // LISTEN/NOTIFY, migrations and per-service roles over libpq; SHA-256 from OpenSSL.
        .target(name: "Postgres", dependencies: ["CLibPQ", "COpenSSL", "RPCCore"], swiftSettings: strict),

        // Generated contracts (Protos/generate.sh): the only importers of CProtos. ProtoSupport is
        // the hand-written arena and conversion helpers the generated code calls.
        .target(name: "ProtoSupport", dependencies: ["CProtobufC", "RPCCore"], swiftSettings: strict),
        .target(name: "CommonAPI", dependencies: ["RPCCore", "ProtoSupport", "CProtos", "CProtobufC"], swiftSettings: strict),
        .target(name: "RuntimeAPI", dependencies: ["RPCCore", "ProtoSupport", "CProtos", "CProtobufC"], swiftSettings: strict),
        .target(name: "TestingAPI", dependencies: ["RPCCore", "ProtoSupport", "CommonAPI", "CProtos", "CProtobufC"], swiftSettings: strict),
        .target(name: "CatalogAPI", dependencies: ["RPCCore", "ProtoSupport", "CommonAPI", "CProtos", "CProtobufC"], swiftSettings: strict),
        .target(name: "IdentityAPI", dependencies: ["RPCCore", "ProtoSupport", "CommonAPI", "CProtos", "CProtobufC"], swiftSettings: strict),
        .target(name: "GatewayAPI", dependencies: ["RPCCore", "ProtoSupport", "CommonAPI", "CProtos", "CProtobufC"], swiftSettings: strict),

        // JSON <-> protobuf wire bytes from a SchemaRegistry: the CLI's `call` and the gateway.
        .target(name: "ProtoJSON", dependencies: ["RPCCore"], swiftSettings: strict),

        // What every service shares: configuration, logging, readiness, jobs and the outbox.
        .target(name: "ServiceKit", dependencies: ["RPCCore", "CommonAPI", "RuntimeAPI", "Postgres"], swiftSettings: strict),

        // Services.
        .target(name: "TestingService", dependencies: ["RPCCore", "TestingAPI", "CommonAPI"], swiftSettings: strict),
        // Catalog/Stock (003 §3, §6): handlers, store, schema; Domain/ holds the pure rules.
        .target(name: "CatalogService", dependencies: ["CatalogAPI", "IdentityAPI", "CommonAPI", "RPCCore", "Postgres", "ServiceKit"], swiftSettings: strict),
        // Identity (003 §2, §13): tenants, users, login, sessions, the access tokens the gateway verifies.
        .target(name: "IdentityService", dependencies: ["IdentityAPI", "CommonAPI", "RPCCore", "Postgres", "ServiceKit", "Credentials", "GatewayAuth"],
                swiftSettings: strict),

        // Credential primitives for Identity (003 §2, §13.2): scrypt password hashes, the password
        // policy, TOTP second factors, and opaque tokens stored only as their SHA-256.
        .target(name: "Credentials", dependencies: ["COpenSSL", "CShims"], swiftSettings: strict),

        // Development certificates for mutual TLS (DESIGN D4), issued with OpenSSL's C API.
        .target(name: "DevCertificates", dependencies: ["COpenSSL", "CShims", "Credentials"], swiftSettings: strict),

        // The gateway's HTTP/1.1 layer (DESIGN D7): a pure request parser, Foundation only.
        .target(name: "GatewayHTTP", path: "gateway/Sources/GatewayHTTP", swiftSettings: strict),
        // The edge's pipeline: route table, transcoding, envelope, errors, health, OpenAPI; its
        // own schema (shared rate-limit state, D7) through Postgres.
        .target(name: "Gateway", dependencies: ["GatewayHTTP", "GatewayServer", "GatewayAuth", "ProtoJSON", "RPCCore", "CommonAPI", "RuntimeAPI", "CatalogAPI", "IdentityAPI", "GatewayAPI", "Postgres", "Credentials"],
                path: "gateway/Sources/Gateway", swiftSettings: strict),
        // Access tokens at the edge (D7): Ed25519 JWTs signed and verified with OpenSSL, the
        // role table of 003 §2.4, and a verified-token cache.
        .target(name: "GatewayAuth", dependencies: ["COpenSSL", "ProtoJSON", "Credentials"], path: "gateway/Sources/GatewayAuth", swiftSettings: strict),

        // The gateway's HTTP/1.1 server on the runtime's event loops, with optional TLS termination.
        .target(name: "GatewayServer", dependencies: ["GatewayHTTP", "RPC", "RPCCore", "CShims", "COpenSSL"], path: "gateway/Sources/GatewayServer", swiftSettings: strict),

        // Tools and the one binary.
        .executableTarget(name: "ProtoGen", swiftSettings: strict),
        .target(name: "CLI", dependencies: ["RPC", "RuntimeAPI", "TestingAPI", "TestingService", "CatalogAPI", "CatalogService", "Postgres", "ServiceKit",
                                            "CommonAPI", "ProtoJSON", "DevCertificates", "GatewayAuth", "Gateway", "GatewayServer",
                                            "IdentityAPI", "IdentityService", "Credentials"], swiftSettings: strict),
        .executableTarget(name: "Cerniq", dependencies: ["CLI", "RPC", "RuntimeAPI", "TestingAPI", "TestingService", "CommonAPI", "ProtoJSON"], swiftSettings: strict),

        .testTarget(name: "RPCCoreTests", dependencies: ["RPCCore"], swiftSettings: strict),
        .testTarget(name: "ServiceKitTests", dependencies: ["ServiceKit", "RPCCore", "CommonAPI", "Postgres", "RuntimeAPI"], swiftSettings: strict),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials"], swiftSettings: strict),
        .testTarget(name: "IdentityServiceTests", dependencies: ["IdentityService", "IdentityAPI", "CommonAPI", "Credentials", "GatewayAuth", "RPCCore",
                                                                 "RPC", "RPCTestKit", "Postgres", "ServiceKit"], swiftSettings: strict),
        .testTarget(name: "DevCertificatesTests", dependencies: ["DevCertificates", "COpenSSL", "CShims"], swiftSettings: strict),
        .testTarget(name: "ProtoJSONTests", dependencies: ["ProtoJSON", "TestingAPI", "CommonAPI"], swiftSettings: strict),
        .testTarget(name: "CerniqCLITests", dependencies: ["CLI", "ProtoJSON", "RuntimeAPI", "TestingAPI", "RPCTestKit", "GatewayAuth"], swiftSettings: strict),
        .testTarget(name: "ProtoGenTests", dependencies: ["RPCCore", "CommonAPI", "RuntimeAPI", "TestingAPI", "TestingService"], swiftSettings: strict),
        .testTarget(name: "CatalogServiceTests", dependencies: ["CatalogService", "CatalogAPI", "IdentityAPI", "CommonAPI", "RPCCore", "RPC", "RPCTestKit", "Postgres", "ServiceKit"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "RPCCore"], swiftSettings: strict),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "GatewayHTTP", "GatewayServer", "GatewayAuth", "ProtoJSON", "RPCCore", "RPC", "RPCTestKit", "CatalogAPI", "CatalogService", "IdentityAPI", "CommonAPI", "Postgres", "ServiceKit", "IdentityService", "Credentials"],
                    path: "gateway/Tests/GatewayTests", swiftSettings: strict),
        .testTarget(name: "GatewayHTTPTests", dependencies: ["GatewayHTTP"], path: "gateway/Tests/GatewayHTTPTests", swiftSettings: strict),
        .testTarget(name: "GatewayAuthTests", dependencies: ["GatewayAuth", "COpenSSL", "ProtoJSON", "Credentials"], path: "gateway/Tests/GatewayAuthTests", swiftSettings: strict),
        .testTarget(name: "GatewayServerTests", dependencies: ["GatewayServer", "GatewayHTTP", "RPCTestKit", "COpenSSL"], path: "gateway/Tests/GatewayServerTests", swiftSettings: strict),
        .testTarget(name: "RPCTests", dependencies: ["RPC", "RPCTestKit", "COpenSSL", "RuntimeAPI", "TestingAPI", "TestingService"], swiftSettings: strict),
    ]
)
