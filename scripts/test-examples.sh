#!/usr/bin/env bash
# The Examples package (emulator over loopback HTTP, integration tests, example app, CLI): a strict build with
# warnings as errors, then its tests, in its own scratch folder so the root package's build is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFTPM_DISABLE_SANDBOX=1

scratch="Examples/.build"
flags=(--package-path Examples --scratch-path "$scratch" -Xswiftc -warnings-as-errors)

printf '\n==> Examples: strict build (Swift 6 mode, warnings are errors)\n'
swift build "${flags[@]}" --build-tests

printf '\n==> Examples: integration tests over loopback HTTP\n'
swift test "${flags[@]}" --skip-build
