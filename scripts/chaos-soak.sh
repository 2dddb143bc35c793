#!/usr/bin/env bash
# Long chaos soak: runs the ScopedAuthChaosTests suite with random seeds and prints the totals.
#
#   scripts/chaos-soak.sh [operations per run] [runs]     (defaults: 20000 operations, 10 runs)
#
# Each run prints its seed; replay one with
#   SCOPEDAUTH_CHAOS_SEED=<seed> SCOPEDAUTH_CHAOS_OPERATIONS=<n> swift test --filter ScopedAuthChaosTests
# SCRATCH_PATH selects the build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
operations="${1:-20000}"
runs="${2:-10}"
scratch="${SCRATCH_PATH:-.build}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

swift build --build-tests --scratch-path "$scratch" >/dev/null
seed="$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')"
start=$(date +%s)
status=0
SCOPEDAUTH_CHAOS_SEED="$seed" SCOPEDAUTH_CHAOS_OPERATIONS="$operations" SCOPEDAUTH_CHAOS_RUNS="$runs" \
    swift test --skip-build --scratch-path "$scratch" --filter ScopedAuthChaosTests 2>&1 | tee "$log" || status=$?
elapsed=$(( $(date +%s) - start ))

echo
echo "== chaos soak =="
echo "runs:              $(grep -c '^chaos run ' "$log")"
echo "operations:        $(grep -oE '^operations [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')"
echo "faults injected:   $(grep -oE '^faults injected [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')"
echo "chaos actions:     $(grep -E '^chaos actions:' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}') (skews and revocations)"
echo "uploads completed: $(grep -oE 'uploads completed [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')"
echo "seeds:             $(grep -oE 'SCOPEDAUTH_CHAOS_SEED=[0-9]+' "$log" | cut -d= -f2 | paste -sd' ')"
echo "wall time:         ${elapsed}s"
if [ "$status" -ne 0 ]; then echo "RESULT: FAILED (see the seeds above)"; exit "$status"; fi
echo "RESULT: every invariant held"
