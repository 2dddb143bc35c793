// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the library keeps zero dependencies.
let suites = ["RefreshStorm", "RejectionStorm", "HotPath", "RequestOverhead", "MASVUpload", "EndToEnd"]
/// Products of ScopedAuth that only some suites use.
let extraProducts = ["MASVUpload": ["ScopedAuthMASV"]]
/// Targets of this package that only some suites use.
let extraTargets: [String: [Target.Dependency]] = ["RefreshStorm": ["PairedStorms"], "RejectionStorm": ["PairedStorms"]]

/// `SCOPEDAUTH_BENCHMARK_AHC=1` adds the `ScopedAuth/AHC` contender to `EndToEnd` (ScopedAuth over
/// `AsyncHTTPClientTransport`, from the Integrations package). Off by default: a release build of AsyncHTTPClient and
/// SwiftNIO is several minutes that CI's benchmark step does not pay (see README.md, "End to end over real HTTP").
let withAsyncHTTPClient = Context.environment["SCOPEDAUTH_BENCHMARK_AHC"] == "1"

let asyncHTTPClientPackage: [Package.Dependency] =
    withAsyncHTTPClient ? [.package(name: "ScopedAuthIntegrations", path: "../Integrations")] : []
let asyncHTTPClientProduct: [Target.Dependency] =
    withAsyncHTTPClient ? [.product(name: "ScopedAuthAsyncHTTPClient", package: "ScopedAuthIntegrations")] : []
let asyncHTTPClientDefine: [SwiftSetting] = withAsyncHTTPClient ? [.define("SCOPEDAUTH_BENCHMARK_AHC")] : []

let package = Package(
    name: "ScopedAuthBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ScopedAuth", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ] + asyncHTTPClientPackage,
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "ScopedAuth", package: "ScopedAuth"),
                .product(name: "ScopedAuthTesting", package: "ScopedAuth"),
            ] + asyncHTTPClientProduct,
            path: "Sources/BenchmarkSupport",
            swiftSettings: asyncHTTPClientDefine
        ),
        // The paired storm benchmarks' figures and their alternating order (it needs `Benchmark`, which the probes do
        // not link).
        .target(
            name: "PairedStorms",
            dependencies: ["BenchmarkSupport", .product(name: "Benchmark", package: "benchmark")],
            path: "Sources/PairedStorms"
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
            ] + (extraProducts[suite] ?? []).map { .product(name: $0, package: "ScopedAuth") }
                + (extraTargets[suite] ?? []),
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    },
    swiftLanguageModes: [.v6]
)
