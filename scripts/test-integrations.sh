#!/usr/bin/env bash
# The Integrations package (AsyncHTTPClient, swift-log, swift-metrics, swift-distributed-tracing,
# swift-service-lifecycle, swift-configuration, swift-openapi-runtime, swift-http-types, postgres-nio): a strict build with
# warnings as errors, then its tests over loopback HTTP, in its own scratch folder so the root package's build is
# untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1

scratch="Integrations/.build"
flags=(--package-path Integrations --scratch-path "$scratch" -Xswiftc -warnings-as-errors)

printf '\n==> Integrations: strict build (Swift 6 mode, warnings are errors)\n'
swift build "${flags[@]}" --build-tests

printf '\n==> Integrations: tests against the emulator over loopback HTTP\n'
# The PostgreSQL store and fleet suites run afterwards, one test at a time: a fleet is 8 OS processes × 1,250
# callers, which would starve the other suites' loopback storms of the 2 cores if they ran side by side.
heavy='PostgresTokenStoreTests|FleetTests|FleetStormBenchmark'
swift test "${flags[@]}" --skip-build --skip "$heavy"

printf '\n==> Integrations: PostgreSQL token store and fleet of OS processes (needs scripts/postgres.sh run)\n'
swift test "${flags[@]}" --skip-build --filter "$heavy" --no-parallel
