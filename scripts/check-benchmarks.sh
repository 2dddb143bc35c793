#!/usr/bin/env bash
# Runs the benchmarks in Benchmarks/ and fails when a deterministic metric (malloc counts, exchanges per storm,
# refreshes and replays per 401 storm, requests per MASV upload) is worse than the thresholds committed under
# Benchmarks/Thresholds/<Swift major.minor>/.
#
#   scripts/check-benchmarks.sh          CI mode: fewer iterations, same metrics (SCOPEDAUTH_BENCHMARK_CI=1)
#   scripts/check-benchmarks.sh --full   the full iteration counts
#
# Exit status: 0 when every checked metric equals its threshold or is better (package-benchmark's 4, "only
# improvements", is reported and accepted: update the thresholds to lock the improvement in); anything else fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1

if [[ "${1:-}" == "--full" ]]; then
    unset SCOPEDAUTH_BENCHMARK_CI
else
    export SCOPEDAUTH_BENCHMARK_CI=1
fi

swift_version=$(swift --version 2>/dev/null | sed -nE 's/.*Swift version ([0-9]+\.[0-9]+).*/\1/p' | head -1)
thresholds="$PWD/Benchmarks/Thresholds/${swift_version}"
if [[ ! -d "$thresholds" ]]; then
    echo "** no thresholds for Swift ${swift_version} at ${thresholds}" >&2
    exit 1
fi

# Every suite runs (1.38.1's `thresholds check` finds no benchmark when given --filter); only the benchmarks with
# a file under $thresholds are checked, and only the metrics in that file. Values are per iteration, unscaled.
swift package --package-path Benchmarks benchmark thresholds check --path "$thresholds" --no-progress
rc=$?
case "$rc" in
    0) echo "** benchmarks: every checked metric equals its threshold" ;;
    4) echo "** benchmarks: better than the thresholds; run 'swift package --package-path Benchmarks" \
            "--allow-writing-to-package-directory benchmark thresholds update --path $thresholds' and keep only the" \
            "deterministic metrics" >&2
       rc=0 ;;
    *) echo "** benchmarks: thresholds check failed (exit $rc)" >&2 ;;
esac
exit "$rc"
