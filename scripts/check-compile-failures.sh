#!/usr/bin/env bash
# Type-checks every snippet in Tests/CompileFailures against the freshly built modules.
#
# A snippet declares what it expects in its first lines:
#   // expect-error: <text that must appear in an error diagnostic>
#   // expect-compiles
# A snippet that expects an error fails the check if it compiles, or if it fails with other errors only.
# Usage: scripts/check-compile-failures.sh [scratch-path]   (default .build; builds first)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:-.build}"
swift build --scratch-path "$scratch" >/dev/null
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
modules="$bin/Modules"
[ -d "$modules" ] || modules="$bin"
failures=0
checked=0
for snippet in Tests/CompileFailures/*.swift; do
  checked=$((checked + 1))
  expected=$(sed -n 's|^// expect-error: *||p' "$snippet" | head -1)
  compiles=$(grep -c '^// expect-compiles' "$snippet" || true)
  if output=$(swiftc -typecheck -swift-version 6 -I "$modules" "$snippet" 2>&1); then
    if [ "$compiles" -gt 0 ]; then
      echo "ok    $snippet compiles"
    else
      echo "FAIL  $snippet compiled, but must fail with: $expected"
      failures=$((failures + 1))
    fi
  else
    if [ "$compiles" -gt 0 ]; then
      echo "FAIL  $snippet must compile:"; echo "$output" | grep 'error:' | head -5
      failures=$((failures + 1))
    elif [ -n "$expected" ] && echo "$output" | grep 'error:' | grep -qF -- "$expected"; then
      echo "ok    $snippet fails with: $expected"
    else
      echo "FAIL  $snippet failed, but not with: $expected"; echo "$output" | grep 'error:' | head -5
      failures=$((failures + 1))
    fi
  fi
done
echo "compile-failure snippets: $((checked - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
