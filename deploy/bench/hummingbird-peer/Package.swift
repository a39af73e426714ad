// swift-tools-version:6.0
// The Hummingbird peer for deploy/bench/gateway-bench.sh. It lives outside the root package
// graph (DESIGN D1): the product never builds it, only the benchmark does, into
// deploy/bench/hummingbird-peer/.build-hummingbird-peer (git-ignored).
import PackageDescription

let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "hummingbird-peer", targets: ["HummingbirdPeer"])],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        // Already in the graph through Hummingbird, with its lower bounds, so these add no
        // constraint; named so main.swift can size and install the NIO event loop group and
        // quieten the logger.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdPeer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
