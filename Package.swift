// swift-tools-version:6.0
import PackageDescription

// Stages depend one way: Read → Validate → Aggregate → Indicators → Emit, with the model
// (EMPCore) below them all and the pipeline runner (EMPPipeline) and the CLI above.
// EMPMicrodata is the hot path for record-level files: it reads bytes (EMPRead), checks codes
// as EMPValidate would, and sums straight into EMPAggregate's store.
// The modules a record passes through once per row skip the run-time exclusivity checks in
// release builds (debug builds, which the tests use, keep them): they cost ~15% of a run.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "emp",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "emp", targets: ["emp"]),
        .library(name: "EMPPipeline", targets: ["EMPPipeline"]),
        .executable(name: "emp-fuzz", targets: ["EMPFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // The HTML report's templates (logic-less Mustache; escapes what it inserts).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // The PostgreSQL store's client (SwiftNIO); its COPY FROM STDIN loads the bulk rows.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV", providers: [.apt(["libcsv-dev"])]),
        // zlib, for what the store keeps whole (a measures batch's rows, a kept measures.csv).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "EMPCore", dependencies: ["CEMPSystem", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("CodeLists")]),
        .target(
            name: "EMPRead",
            dependencies: [
                "CLibCSV", "EMPCore", .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: hotPath),
        .target(name: "EMPConfig", dependencies: ["EMPCore", "Yams"]),
        .target(name: "EMPValidate", dependencies: ["EMPCore", "EMPRead", "EMPConfig"]),
        .target(name: "EMPAggregate", dependencies: ["EMPCore"], swiftSettings: hotPath),
        .target(
            name: "EMPMicrodata", dependencies: ["EMPCore", "EMPRead", "EMPConfig", "EMPValidate", "EMPAggregate"],
            swiftSettings: hotPath),
        .target(name: "EMPIndicators", dependencies: ["EMPCore", "EMPAggregate"]),
        // Small POSIX calls Swift's Glibc module does not expose (renameat2 for the output swap,
        // fstatfs to tell a kernel file from data). Not `CSystem`: swift-system (under postgres-nio's
        // SwiftNIO) has a target of that name, and target names are unique across the package graph.
        .target(name: "CEMPSystem"),
        // SVG charts of the HTML report: scales, ticks, legend, flags marked; knows no indicator.
        .target(name: "EMPChart"),
        .target(
            name: "EMPEmit",
            dependencies: [
                "EMPCore", "EMPIndicators", "EMPStore", "CEMPSystem", "EMPChart", "Yams",
                .product(name: "Mustache", package: "swift-mustache"),
            ], resources: [.copy("Report/Templates"), .copy("Report/Languages")]),
        // The store: batches, observations, runs and published values behind `ReleaseStore`.
        .target(name: "EMPStore", dependencies: ["EMPCore", "EMPAggregate"]),
        // The SQLite store (GRDB): all of emp's SQL is here.
        .target(
            name: "EMPStoreSQLite",
            dependencies: [
                "EMPCore", "EMPAggregate", "EMPStore", "CZlib", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The PostgreSQL store (postgres-nio): the same tables in a schema `emp` of a shared server,
        // locked with advisory locks so runs on several machines never publish at once.
        .target(
            name: "EMPStorePostgres",
            dependencies: [
                "EMPCore", "EMPAggregate", "EMPStore", "EMPStoreSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "EMPPipeline",
            dependencies: [
                "EMPCore", "EMPRead", "EMPConfig", "EMPValidate", "EMPAggregate", "EMPMicrodata", "EMPIndicators",
                "EMPEmit",
                "EMPStore", "EMPStoreSQLite", "EMPStorePostgres", .product(name: "Logging", package: "swift-log"),
            ]),
        // `emp inspect`: guesses what a file never seen holds; nothing of a run depends on it.
        .target(name: "EMPInspect", dependencies: ["EMPCore", "EMPRead", "EMPConfig", "EMPValidate"]),
        .executableTarget(
            name: "emp",
            dependencies: [
                "EMPPipeline", "EMPInspect", "EMPValidate", "EMPEmit", "EMPIndicators", "EMPCore", "CEMPSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // `make fuzz`: libFuzzer over the reader, the layouts and the pipeline loader (built with
        // -sanitize=fuzzer -DEMP_FUZZ); the plain build replays inputs (`emp-fuzz FILE…`).
        .executableTarget(name: "EMPFuzz", dependencies: ["EMPCore", "EMPRead", "EMPConfig", "EMPValidate"]),
        // Helpers the test targets share (scratch folders, the repository root, CSV rows…).
        .target(name: "EMPTestSupport", dependencies: ["EMPCore", "EMPRead"], path: "Tests/EMPTestSupport"),
        .testTarget(name: "EMPReadTests", dependencies: ["EMPRead", "EMPCore", "EMPTestSupport"]),
        .testTarget(name: "EMPConfigTests", dependencies: ["EMPConfig", "EMPCore"]),
        .testTarget(
            name: "EMPValidateTests",
            dependencies: ["EMPValidate", "EMPConfig", "EMPRead", "EMPCore", "EMPEmit", "EMPTestSupport"]),
        .testTarget(
            name: "EMPIndicatorsTests", dependencies: ["EMPIndicators", "EMPAggregate", "EMPCore", "EMPValidate"]),
        .testTarget(name: "EMPEmitTests", dependencies: ["EMPEmit", "EMPIndicators", "EMPCore", "EMPAggregate"]),
        .testTarget(name: "EMPChartTests", dependencies: ["EMPChart"]),
        .testTarget(
            name: "EMPMicrodataTests",
            dependencies: [
                "EMPMicrodata", "EMPValidate", "EMPConfig", "EMPAggregate", "EMPCore", "EMPEmit", "EMPTestSupport",
            ]),
        .testTarget(
            name: "EMPStoreTests",
            dependencies: [
                "EMPStore", "EMPStoreSQLite", "EMPStorePostgres", "EMPAggregate", "EMPCore", "EMPValidate",
                "EMPTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "EMPEndToEndTests",
            dependencies: [
                "EMPPipeline", "EMPCore", "EMPEmit", "EMPStore", "EMPStoreSQLite", "EMPStorePostgres", "EMPValidate",
                "emp",
                "EMPTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
