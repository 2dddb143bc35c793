#!/usr/bin/env bash
# FleetStorm: exchanges per fleet storm (goal 1, against N processes without a store) and the fleet storm's wall
# time relative to a single-process storm measured in the same run (goal ≤ 1.5×).
#
# package-benchmark measures inside one process, and this storm needs several OS processes, a PostgreSQL cluster
# and the emulator over loopback HTTP, so it is a script: it starts a throwaway cluster (scripts/postgres.sh) and
# runs the FleetStormBenchmark suite of the Integrations package, which spawns `scopedauth-fleet-member` processes
# (8 × 1,250 callers) in fresh sets per round and prints a table of medians.
#
#   Benchmarks/fleet-storm.sh            # 5 rounds per storm
#   SCOPEDAUTH_FLEET_ROUNDS=9 Benchmarks/fleet-storm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1
flags=(--package-path Integrations --scratch-path Integrations/.build)
swift build "${flags[@]}" --build-tests
SCOPEDAUTH_FLEET_BENCHMARK=1 scripts/postgres.sh run -- \
    swift test "${flags[@]}" --skip-build --filter FleetStormBenchmark
