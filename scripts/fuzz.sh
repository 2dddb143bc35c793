#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (address sanitizer) and runs them. Fails on any crash, trap, sanitizer
# report, untyped error, per-input timeout or memory over the limit. See Fuzz/README.md and SECURITY.md.
#
#   scripts/fuzz.sh [runs]          the short round (CI: `scripts/fuzz.sh`): every decoder target and the JWT reader
#                                   for `runs` inputs (default 20000), every flow target for runs/40 (default 500)
#   scripts/fuzz.sh --long [runs]   the long run: the JWT reader and every decoder target, one at a time, to `runs`
#                                   inputs each (default 1000000); prints inputs per second and peak memory
#   FUZZ_TARGETS="FuzzDecodeMASV FuzzMASV" scripts/fuzz.sh 50000    a subset
#   FUZZ_NICE=10 scripts/fuzz.sh --long                              run at a lower priority on a shared machine
#
# Limits, per input and per process:
#   - decoder targets and FuzzJWT: 100 ms of CPU time per input, checked by the harness (FuzzSupport's
#     InputBudget; an input takes well under a millisecond, so only a pathological one trips it, and CPU time does
#     not count waiting for a busy machine); libFuzzer's wall-clock -timeout=10 only catches hangs, because at
#     whole seconds of wall time a niced run on a loaded machine reports inputs of 0.2 ms as 1 s timeouts;
#     -rss_limit_mb=256 (they run flat at about 110 MB); -max_len=8192 (a few times the largest real answer);
#   - flow targets: -timeout=10 (one input runs a whole client flow through an emulator, about 10 ms) and
#     -rss_limit_mb=384 (they run at about 145 MB with a fresh emulator per input; the old shared emulator grew
#     past 900 MB).
# ASan's quarantine is 16 MB (the default 256 MB alone would look like growth up to ~530 MB) and allocation
# stacks are 4 frames deep: both keep memory flat and the run fast; reproduce a finding with default options.
# Leak detection is off: LeakSanitizer misreads Swift's packed references as leaks, and the invariant is no trap.
#
# New inputs go to a scratch corpus (.build-fuzz-corpus/<Target>); Fuzz/Corpus/<Target> (the seeds) is only read.
set -euo pipefail
cd "$(dirname "$0")/.."

long=0
if [[ "${1:-}" == "--long" ]]; then
    long=1
    shift
fi
decoders="FuzzJWT FuzzDecodeMASV FuzzDecodeSpacelift FuzzDecodeMassdriver FuzzDecodeMudstack FuzzDecodeMetaKraftwerk"
flows="FuzzMASV FuzzSpacelift FuzzMassdriver FuzzMudstack FuzzMetaKraftwerk"
if ((long)); then
    runs="${1:-1000000}"
    targets="${FUZZ_TARGETS:-$decoders}"
else
    runs="${1:-20000}"
    targets="${FUZZ_TARGETS:-$decoders $flows}"
fi
flags=(--package-path Fuzz --scratch-path Fuzz/.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
nice_prefix=()
[[ -n "${FUZZ_NICE:-}" ]] && nice_prefix=(nice -n "$FUZZ_NICE")

started=$SECONDS
echo "==> building the fuzz targets (sanitize=fuzzer,address)"
"${nice_prefix[@]}" swift build "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol" || true
bin="$(swift build "${flags[@]}" --show-bin-path)"
for target in $targets; do
    [[ -x "$bin/$target" ]] || { echo "error: $target was not built" >&2; exit 1; }
done
echo "    built in $((SECONDS - started)) s"

export ASAN_OPTIONS="detect_leaks=0:quarantine_size_mb=16:malloc_context_size=4:${ASAN_OPTIONS:-}"
# A trap reports through libFuzzer's handler at once, instead of after Swift's slow symbolicated backtrace.
export SWIFT_BACKTRACE="enable=no"
total=0
((long)) && printf '    %-24s %10s %8s %9s %12s %14s %s\n' target inputs seconds inputs/s "peak RSS" "RSS 1/8→end" "slowest input (CPU)"
for target in $targets; do
    case "$target" in
        FuzzJWT | FuzzDecode*)
            target_runs=$runs
            limits=(-timeout=10 -rss_limit_mb=256 -max_len=8192)
            ;;
        *)
            target_runs=$(((runs + 39) / 40))
            limits=(-timeout=10 -rss_limit_mb=384)
            ;;
    esac
    dict=()
    [[ -f "Fuzz/Dictionaries/$target.dict" ]] && dict=(-dict="Fuzz/Dictionaries/$target.dict")
    work=".build-fuzz-corpus/$target"
    artifacts=".build-fuzz-artifacts/$target"
    mkdir -p "$work" "$artifacts"
    log="$artifacts/log.txt"
    start=$SECONDS
    if ! "${nice_prefix[@]}" "$bin/$target" -runs="$target_runs" "${limits[@]}" "${dict[@]}" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work" "Fuzz/Corpus/$target" >"$log" 2>&1; then
        grep -v "Cannot export local symbol" "$log" | tail -40
        echo "FAILED: $target (reproducer in $artifacts/, full log $log)" >&2
        exit 1
    fi
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    executions=$(stat number_of_executed_units)
    total=$((total + ${executions:-0}))
    seconds=$((SECONDS - start))
    if ((long)); then
        # Memory over the run: the RSS libFuzzer reports once an eighth of the inputs ran, and at the end.
        early=$(awk -v at=$((target_runs / 8)) '/^#[0-9]+/ && /rss:/ { n = substr($1, 2) + 0;
            if (n >= at) { for (i = 1; i <= NF; i++) if ($i == "rss:") { print $(i + 1); exit } } }' "$log")
        late=$(grep -E '^#[0-9]+.*rss:' "$log" | tail -1 | sed 's/.*rss: *//')
        printf '    %-24s %10s %8d %9d %9s MB %14s %s µs\n' "$target" "${executions:-?}" "$seconds" \
            "$(( ${executions:-0} / (seconds > 0 ? seconds : 1) ))" "$(stat peak_rss_mb)" "${early:-?}→${late:-?}" \
            "$(stat slowest_input_cpu_us)"
    else
        slowest=$(stat slowest_input_cpu_us)
        printf '    %-24s %8s executions in %4d s, peak %s MB%s\n' "$target" "${executions:-?}" "$seconds" \
            "$(stat peak_rss_mb)" "${slowest:+, slowest input $slowest µs CPU}"
    fi
done
echo "==> fuzzing passed: $total executions, no crash, no timeout, memory under the limits ($((SECONDS - started)) s in all)"
