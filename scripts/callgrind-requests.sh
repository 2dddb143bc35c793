#!/usr/bin/env bash
# Instructions per request, end to end over loopback HTTP, for ScopedAuth over URLSessionTransport and for the
# hand-written reference (an actor caching the token + plain URLSession), counted by valgrind's callgrind, which
# is repeatable on a noisy shared machine where CPU time is not.
#
#   scripts/callgrind-requests.sh [requests, default 2000] [in flight, default 16]
#
# Each contender runs twice under callgrind in the release EndToEndProbe (Benchmarks package): once with 200
# requests and once with 200 + N; the difference of the two totals divided by N is the per-request cost, with the
# process's start, the first exchange and the connections' set-up cancelled out. The server runs in a child
# process that valgrind does not follow, so only the client's instructions are counted (every thread of it:
# the caller's tasks, URLSession's and libcurl's threads).
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1
requests=${1:-2000}
inflight=${2:-16}
base=200

command -v valgrind >/dev/null || { echo "** valgrind is not installed" >&2; exit 1; }
swift build -c release --package-path Benchmarks --product EndToEndProbe >&2
probe="$(swift build -c release --package-path Benchmarks --show-bin-path)/EndToEndProbe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The server: the probe in server mode, natively, driven over a coprocess's pipes.
coproc SERVER { SCOPEDAUTH_E2E_SERVER=1 "$probe"; }
read -r -u "${SERVER[0]}" _ port
echo "latency 0" >&"${SERVER[1]}"
read -r -u "${SERVER[0]}" _
export SCOPEDAUTH_E2E_BASE_URL="http://127.0.0.1:${port}/"

# Total instructions (Ir) of one run.
instructions() {
    local out="$work/callgrind.out"
    rm -f "$out"
    valgrind --tool=callgrind --callgrind-out-file="$out" --trace-children=no "$probe" "$1" "$2" "$inflight" \
        >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
    sed -nE 's/^(summary|totals): *([0-9]+).*/\2/p' "$out" | head -1
}

printf '%-24s %16s %16s %14s\n' contender "Ir (${base})" "Ir ($((base + requests)))" "Ir/request"
declare -A per
for contender in "ScopedAuth/URLSession" "reference"; do
    small=$(instructions "$contender" "$base")
    large=$(instructions "$contender" $((base + requests)))
    per[$contender]=$(( (large - small) / requests ))
    printf '%-24s %16d %16d %14d\n' "$contender" "$small" "$large" "${per[$contender]}"
done
ours=${per["ScopedAuth/URLSession"]}
reference=${per["reference"]}
echo "ScopedAuth/URLSession ÷ reference: $(( ours * 1000 / reference / 10 )).$(( ours * 1000 / reference % 10 ))% of the reference's instructions per request"
