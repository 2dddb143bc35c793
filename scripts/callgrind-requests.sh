#!/usr/bin/env bash
# Instructions per request, end to end over loopback HTTP, for ScopedAuth over URLSessionTransport and for the
# hand-written reference (an actor caching the token + plain URLSession), counted by valgrind's callgrind, which
# is repeatable on a noisy shared machine where CPU time is not.
#
#   scripts/callgrind-requests.sh [requests, default 2000] [in flight, default 16]
#   SCOPEDAUTH_BENCHMARK_AHC=1 scripts/callgrind-requests.sh …   also ScopedAuth over AsyncHTTPClientTransport
#                                                                 (a build of its own, in Benchmarks/.build-ahc)
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
contenders=("ScopedAuth/URLSession" "reference")
build=(swift build -c release --package-path Benchmarks)
if [[ "${SCOPEDAUTH_BENCHMARK_AHC:-}" == "1" ]]; then
    contenders+=("ScopedAuth/AHC")
    build+=(--scratch-path Benchmarks/.build-ahc)
fi
"${build[@]}" --product EndToEndProbe >&2
probe="$("${build[@]}" --show-bin-path)/EndToEndProbe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ "${SCOPEDAUTH_BENCHMARK_AHC:-}" == "1" ]]; then
    # valgrind 3.19 gives up on the DWARF 5 debug information of BoringSSL (swift-nio-ssl) in this build: count
    # a copy without debug information (the same code, so the same instructions).
    objcopy --strip-debug "$probe" "$work/EndToEndProbe"
    probe="$work/EndToEndProbe"
fi

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
for contender in "${contenders[@]}"; do
    small=$(instructions "$contender" "$base")
    large=$(instructions "$contender" $((base + requests)))
    per[$contender]=$(( (large - small) / requests ))
    printf '%-24s %16d %16d %14d\n' "$contender" "$small" "$large" "${per[$contender]}"
done
ours=${per["ScopedAuth/URLSession"]}
reference=${per["reference"]}
percent() { echo "$(( $1 * 1000 / $2 / 10 )).$(( $1 * 1000 / $2 % 10 ))%"; }
echo "ScopedAuth/URLSession ÷ reference: $(percent "$ours" "$reference") of the reference's instructions per request"
if [[ -n "${per["ScopedAuth/AHC"]:-}" ]]; then
    echo "ScopedAuth/AHC ÷ ScopedAuth/URLSession: $(percent "${per["ScopedAuth/AHC"]}" "$ours") of ScopedAuth/URLSession's instructions per request"
fi
