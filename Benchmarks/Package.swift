// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the library keeps zero dependencies.
let suites = ["RefreshStorm", "RejectionStorm", "HotPath", "RequestOverhead", "MASVUpload", "EndToEnd"]
/// Products of ScopedAuth that only some suites use.
let extraProducts = ["MASVUpload": ["ScopedAuthMASV"]]

let package = Package(
    name: "ScopedAuthBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ScopedAuth", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "ScopedAuth", package: "ScopedAuth"),
                .product(name: "ScopedAuthTesting", package: "ScopedAuth"),
            ],
            path: "Sources/BenchmarkSupport"
        ),
        // Not a benchmark: the executable scripts/callgrind-requests.sh runs under valgrind.
        .executableTarget(
            name: "EndToEndProbe",
            dependencies: ["BenchmarkSupport"],
            path: "Sources/EndToEndProbe"
        ),
        // Not a benchmark: the executable scripts/callgrind-storms.sh runs under valgrind.
        .executableTarget(
            name: "StormProbe",
            dependencies: ["BenchmarkSupport"],
            path: "Sources/StormProbe"
        ),
    ] + suites.map { suite in
        .executableTarget(
            name: suite,
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ScopedAuth", package: "ScopedAuth"),
                .product(name: "ScopedAuthTesting", package: "ScopedAuth"),
            ] + (extraProducts[suite] ?? []).map { .product(name: $0, package: "ScopedAuth") },
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    },
    swiftLanguageModes: [.v6]
)
