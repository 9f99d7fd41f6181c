// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "yiwang",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "yiwang", targets: ["yiwang"]),
        .library(name: "YiwangDomain", targets: ["YiwangDomain"]),
        .library(name: "YiwangSearch", targets: ["YiwangSearch"]),
        .library(name: "YiwangAssistant", targets: ["YiwangAssistant"]),
        .library(name: "YiwangServer", targets: ["YiwangServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    ],
    targets: [
        // Pure Swift: catalog types, validators, calendar, case rules. No Vapor, no database.
        .target(name: "YiwangDomain"),
        // Chinese text analysis and ranking. Pure Swift, no I/O.
        .target(name: "YiwangSearch", dependencies: ["YiwangDomain"]),
        // 小自然: intents, multi-turn context, grounded answers with citations, LLM providers.
        .target(
            name: "YiwangAssistant",
            dependencies: [
                "YiwangDomain", "YiwangSearch",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The platform: services over the database (Fluent, no web types) and, apart from them, the
        // Vapor web layer — controllers, pages, middleware, boot — that calls them.
        .target(
            name: "YiwangServer",
            dependencies: [
                "YiwangDomain",
                "YiwangSearch",
                "YiwangAssistant",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Thin executable: `yiwang serve | migrate | seed | catalog … | bench …`.
        .executableTarget(
            name: "yiwang",
            dependencies: [
                "YiwangServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A stand-in for the language-model provider, speaking its protocol over real HTTP.
        .target(
            name: "YiwangTestSupport",
            dependencies: ["YiwangDomain", .product(name: "Vapor", package: "vapor")],
            path: "Tests/Support"
        ),
        .testTarget(name: "YiwangDomainTests", dependencies: ["YiwangDomain", "YiwangTestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "YiwangSearchTests", dependencies: ["YiwangSearch"]),
        .testTarget(
            name: "YiwangAssistantTests",
            dependencies: ["YiwangAssistant", "YiwangTestSupport"]
        ),
        .testTarget(
            name: "YiwangServerTests",
            dependencies: [
                "YiwangServer",
                "YiwangTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]  // read from their path (see `Fixtures`), not bundled
        ),
    ]
)
