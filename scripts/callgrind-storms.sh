#!/usr/bin/env bash
# Instructions and allocations per waiter of the refresh and rejection storms (RefreshStorm, RejectionStorm) and of
# their floors, counted by valgrind's callgrind, which is repeatable on a noisy shared machine where time is not.
#
#   scripts/callgrind-storms.sh [extra waiters, default 4000] [kinds, default: floor session rejection-floor rejection]
#
# Each kind runs twice under callgrind in the release StormProbe (Benchmarks package): a storm of 1,000 callers and
# one of 1,000 + N, every caller parked behind the one exchange; the difference of the two totals divided by N is the cost
# of one more waiter (one more request for the rejection storms), with the process's start, the fixture and the
# exchange cancelled out. Allocations are the calls to malloc, calloc, realloc and posix_memalign (the malloc
# inside glibc's posix_memalign not counted twice). With
# CALLGRIND_STORMS_CALLERS=1 it also prints who called the allocator in the larger run.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1
extra=${1:-4000}
shift || true
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(floor session rejection-floor rejection)
base=1000

command -v valgrind >/dev/null || { echo "** valgrind is not installed" >&2; exit 1; }
swift build -c release --package-path Benchmarks --product StormProbe >&2
probe="$(swift build -c release --package-path Benchmarks --show-bin-path)/StormProbe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
allocators=(malloc calloc realloc posix_memalign)

# "instructions allocations" of one run.
measure() {
    local out="$work/callgrind.$1.$2"
    # Valgrind runs ~50 times slower: the exchange (the floor's sleep) must outlast the storm's arrival so that every
    # caller parks, as in the suite (the probe fails otherwise).
    STORM_LATENCY_MS=$(( $2 * ${CALLGRIND_STORMS_MS_PER_CALLER:-4} )) \
        valgrind --tool=callgrind --callgrind-out-file="$out" "$probe" "$1" "$2" >"$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
    python3 scripts/callgrind-calls.py "$out" "${allocators[@]}" swift_slowAlloc swift_allocObject >"$out.calls"
    local ir allocations
    ir=$(sed -n 's/^Ir //p' "$out.calls")
    allocations=$(sed -n 's/^allocations //p' "$out.calls")
    echo "$ir $allocations"
}

printf '%-16s %14s %14s %12s %12s %16s\n' kind "Ir (${base})" "Ir ($((base + extra)))" "Ir/waiter" "allocs/waiter" "allocs (small/large)"
for kind in "${kinds[@]}"; do
    read -r small_ir small_alloc < <(measure "$kind" "$base")
    read -r large_ir large_alloc < <(measure "$kind" $((base + extra)))
    per_ir=$(( (large_ir - small_ir) / extra ))
    per_alloc=$(echo "scale=2; ($large_alloc - $small_alloc) / $extra" | bc)
    printf '%-16s %14d %14d %12d %12s %16s\n' "$kind" "$small_ir" "$large_ir" "$per_ir" "$per_alloc" "$small_alloc/$large_alloc"
    if [ "${CALLGRIND_STORMS_CALLERS:-0}" = 1 ]; then cat "$work/callgrind.$kind.$((base + extra)).calls"; fi
done
