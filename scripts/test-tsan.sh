#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer and fails on any test failure or any ThreadSanitizer report.
#
#   scripts/test-tsan.sh                 the whole suite
#   scripts/test-tsan.sh --filter REGEX  a subset (any further arguments go to `swift test`)
#
# ThreadSanitizer keeps running after a report (halt_on_error=0) so that one run lists every report; the script
# then fails if the output holds any. Shared state in this package sits behind `LockedValue` (pthread mutexes,
# which ThreadSanitizer understands), not `Synchronization.Mutex`, whose contended path it cannot see on Linux.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
    swift test --sanitize=thread --scratch-path .build-tsan "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

reports=$(grep -c "WARNING: ThreadSanitizer" "$log")
if [[ "$reports" -ne 0 ]]; then
    echo "** ThreadSanitizer: ${reports} report(s); the first ones:" >&2
    grep -A 12 "WARNING: ThreadSanitizer" "$log" | head -60 >&2
    exit 1
fi
if [[ "$rc" -ne 0 ]]; then
    echo "** ThreadSanitizer run: swift test failed (exit ${rc})" >&2
    exit "$rc"
fi
echo "** ThreadSanitizer: 0 reports, every test passed"
