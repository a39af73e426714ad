// swift-tools-version:6.1
// The grpc-swift-2 peer for deploy/bench/rpc-bench.sh. It lives outside the root package
// graph (DESIGN D1): the product never builds it, only the benchmark does.
import PackageDescription

let package = Package(
    name: "GRPCPeer",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "grpc-peer", targets: ["GRPCPeer"])],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        // Already in the graph through the transport; named so the server can hold TLS to 1.3.
        // The lower bounds are the transport's own, so these add no constraint.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.96.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.34.0"),
    ],
    targets: [
        .executableTarget(
            name: "GRPCPeer",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
