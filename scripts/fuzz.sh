#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (address sanitizer) and runs each for a fixed number of executions.
# Fails on any crash, trap, sanitizer report, untyped error or per-input timeout.
#
#   scripts/fuzz.sh [runs]        runs per target (default 2000); CI runs `scripts/fuzz.sh 1000`
#   FUZZ_TARGETS="FuzzJWT FuzzMASV" scripts/fuzz.sh 50000    a subset, for a long run
#
# New inputs go to a scratch corpus (.build-fuzz-corpus/<Target>); Fuzz/Corpus/<Target> (the seeds) is only read.
# Leak detection is off: LeakSanitizer misreads Swift's packed references as leaks, and the invariant is no trap.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-2000}"
targets="${FUZZ_TARGETS:-FuzzJWT FuzzMASV FuzzSpacelift FuzzMassdriver FuzzMudstack FuzzMetaKraftwerk}"
flags=(--package-path Fuzz --scratch-path Fuzz/.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

started=$SECONDS
echo "==> building the fuzz targets (sanitize=fuzzer,address)"
swift build "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol" || true
bin="$(swift build "${flags[@]}" --show-bin-path)"
for target in $targets; do
    [[ -x "$bin/$target" ]] || { echo "error: $target was not built" >&2; exit 1; }
done
echo "    built in $((SECONDS - started)) s"

export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
total=0
for target in $targets; do
    work=".build-fuzz-corpus/$target"
    artifacts=".build-fuzz-artifacts/$target"
    mkdir -p "$work" "$artifacts"
    log="$artifacts/log.txt"
    start=$SECONDS
    if ! "$bin/$target" -runs="$runs" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work" "Fuzz/Corpus/$target" >"$log" 2>&1; then
        grep -v "Cannot export local symbol" "$log" | tail -40
        echo "FAILED: $target (reproducer in $artifacts/, full log $log)" >&2
        exit 1
    fi
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    total=$((total + ${executions:-0}))
    printf '    %-18s %8s executions in %4d s\n' "$target" "${executions:-?}" "$((SECONDS - start))"
done
echo "==> fuzzing passed: $total executions, no crash ($((SECONDS - started)) s in all)"
