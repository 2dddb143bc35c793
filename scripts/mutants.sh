#!/usr/bin/env bash
# Mutation testing of the session engine: applies each mutation in scripts/mutants/ on its own, builds, runs the
# tests that must catch it, and fails if any mutation survives. The tree is always restored (also on Ctrl-C).
#
# Each scripts/mutants/NN-name.mutant file holds a comment line saying which rule it breaks, the file it edits,
# the test filter that must kill it, and one exact text to find (it must occur exactly once, so a mutation cannot
# silently stop applying) with its replacement:
#
#   # A success does not reset the backoff counter.
#   file: Sources/ScopedAuth/Session/RefreshMachine.swift
#   tests: RefreshMachineTests|RefreshMachineModelTests
#   --- find
#           consecutiveFailures = 0
#   --- replace
#   --- end
#
# Usage: scripts/mutants.sh [NAME-SUBSTRING...]
#   MUTANTS_SAMPLE=N  run N mutations chosen by MUTANTS_SEED (default: the UTC day number), deterministic per seed;
#                     unset runs them all.
#   MUTANTS_TIMEOUT=S seconds a test run may take before it counts as killed by a hang (default 180).
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1 2>/dev/null || true

timeout_seconds=${MUTANTS_TIMEOUT:-180}
mapfile -t all < <(ls scripts/mutants/*.mutant | sort)
selected=()
if [ $# -gt 0 ]; then
    for mutant in "${all[@]}"; do
        for wanted in "$@"; do [[ "$mutant" == *"$wanted"* ]] && selected+=("$mutant"); done
    done
elif [ -n "${MUTANTS_SAMPLE:-}" ]; then
    seed=${MUTANTS_SEED:-$(( $(date -u +%s) / 86400 ))}
    # A deterministic shuffle by seed: sort by a hash of seed + name.
    mapfile -t selected < <(for mutant in "${all[@]}"; do
        printf '%s %s\n' "$(printf '%s-%s' "$seed" "$mutant" | cksum | cut -d' ' -f1)" "$mutant"
    done | sort -n | head -n "$MUTANTS_SAMPLE" | cut -d' ' -f2)
    echo "mutants: sample of ${#selected[@]} of ${#all[@]} (MUTANTS_SEED=$seed)"
else
    selected=("${all[@]}")
fi

backup_dir=$(mktemp -d)
mutated_file=""
restore() {
    if [ -n "$mutated_file" ] && [ -f "$backup_dir/original" ]; then
        cp "$backup_dir/original" "$mutated_file"
        mutated_file=""
    fi
}
trap 'restore; rm -rf "$backup_dir"' EXIT
trap 'exit 130' INT TERM

field() { sed -n "s/^$1: //p" "$2" | head -n 1; }

# The process ids of every descendant of $1 (swift test runs the test binary in a process group of its own, so a
# signal to swift test's group would not reach it).
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# Runs "$@" for at most $timeout_seconds; on timeout, kills it and everything it started. Fails on timeout.
run_bounded() {
    "$@" &
    local pid=$! waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge "$timeout_seconds" ]; then
            local tree
            tree=$(descendants "$pid")
            kill -KILL $tree "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            echo "mutants: timed out after ${timeout_seconds}s (a hang)"
            return 124
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$pid"
}

# Applies mutation $1 to its file; fails unless the text to find occurs exactly once.
apply_mutation() {
    python3 - "$1" <<'PYTHON'
import sys
spec = open(sys.argv[1]).read().split("\n")
path = next(line[len("file: "):] for line in spec if line.startswith("file: "))
find, replace, section = [], [], None
for line in spec:
    if line in ("--- find", "--- replace", "--- end"):
        section = line
        continue
    if section == "--- find":
        find.append(line)
    elif section == "--- replace":
        replace.append(line)
while replace and replace[-1] == "" and section != "--- end":
    replace.pop()
while find and find[-1] == "":
    find.pop()
old = "\n".join(find) + "\n"
new = "\n".join(replace) + ("\n" if replace else "")
text = open(path).read()
count = text.count(old)
if count != 1:
    sys.exit(f"{sys.argv[1]}: the text to find occurs {count} times in {path}")
open(path, "w").write(text.replace(old, new))
PYTHON
}

echo "mutants: baseline build"
swift build --build-tests >/dev/null
started=$SECONDS
survivors=()
broken=()
for mutant in "${selected[@]}"; do
    name=$(basename "$mutant" .mutant)
    file=$(field file "$mutant")
    tests=$(field tests "$mutant")
    cp "$file" "$backup_dir/original"
    mutated_file=$file
    if ! apply_mutation "$mutant"; then
        restore
        broken+=("$name (does not apply)")
        continue
    fi
    if ! swift build --build-tests >"$backup_dir/build.log" 2>&1; then
        restore
        broken+=("$name (does not compile)")
        tail -n 20 "$backup_dir/build.log"
        continue
    fi
    if run_bounded swift test --skip-build --filter "$tests" >"$backup_dir/test.log" 2>&1; then
        survivors+=("$name")
        verdict="SURVIVED"
    else
        killer=$(grep -oE '✘ Test [A-Za-z0-9_]+\(' "$backup_dir/test.log" | sed 's/✘ Test //; s/($//' \
            | awk '!seen[$0]++' | head -n 3 | paste -sd, - || true)
        verdict="killed by ${killer:-$(tail -n 3 "$backup_dir/test.log" | tr '\n' ' ' | cut -c1-160)}"
    fi
    restore
    printf '  [%3ds] %-48s %s\n' $((SECONDS - started)) "$name" "$verdict"
done

echo "mutants: restoring the build"
swift build --build-tests >/dev/null
if [ ${#broken[@]} -gt 0 ]; then
    printf 'mutants: broken mutation: %s\n' "${broken[@]}"
fi
if [ ${#survivors[@]} -gt 0 ]; then
    printf 'mutants: SURVIVED: %s\n' "${survivors[@]}"
fi
if [ ${#survivors[@]} -gt 0 ] || [ ${#broken[@]} -gt 0 ]; then
    exit 1
fi
echo "mutants: all ${#selected[@]} mutations killed in $((SECONDS - started)) s"
