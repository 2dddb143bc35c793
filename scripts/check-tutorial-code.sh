#!/usr/bin/env bash
# Type-checks the code of every step of the DocC tutorial "Building a delivery tool" against the built modules,
# with warnings as errors, so that a tutorial step cannot drift away from the API.
#
# Each state of the tutorial's package is checked as the reader has it at that step: the DeliveryKit library
# (Delivery.swift and, from section 3, ProgressBar.swift) is emitted as a module, then main.swift and the tests
# are type-checked against it.
#
# Then every ```swift block of README.md and of the DocC catalogs is type-checked (scripts/check-snippets.py:
# `<!-- no-compile: reason -->` before a block skips it and lists the reason, `<!-- snippet-context: code -->`
# declares names the reader already has). Each block is checked against the first modules folder that holds every
# module it imports, so README blocks importing EmulatorServer need the Examples package's build; with
# --require-all (CI, after the Examples package is built) a block whose modules no folder holds fails.
# Usage: scripts/check-tutorial-code.sh [--require-all] <modules-dir> [<more-modules-dirs>…]
#        (the Modules folder of a debug build of this package first, e.g. .build/debug/Modules, then for example
#        Examples/.build/debug/Modules)
set -euo pipefail
cd "$(dirname "$0")/.."
require_all=()
if [ "${1:-}" = "--require-all" ]; then require_all=(--require-all); shift; fi
modules="${1:?usage: scripts/check-tutorial-code.sh [--require-all] <modules-dir> [<more-modules-dirs>…]}"
all_modules=("$@")
code=DocC/ScopedAuthMASV.docc/Resources
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-swift-version 6 -warnings-as-errors -I "$work/DeliveryKit" -I "$modules")

# library files | files type-checked against the library (each on its own, as a main file or a test file)
states=(
  "delivery.Delivery.1.swift|"
  "delivery.Delivery.2.swift|delivery.main.1.swift"
  "delivery.Delivery.3.swift|delivery.main.1.swift"
  "delivery.Delivery.4.swift delivery.ProgressBar.1.swift|delivery.main.2.swift"
  "delivery.Delivery.5.swift delivery.ProgressBar.1.swift|delivery.main.2.swift"
  "delivery.Delivery.6.swift delivery.ProgressBar.1.swift|delivery.main.3.swift delivery.DeliveryTests.1.swift delivery.DeliveryTests.2.swift delivery.DeliveryTests.3.swift delivery.DeliveryTests.4.swift"
)
checked=0
for state in "${states[@]}"; do
  library=${state%%|*}
  users=${state#*|}
  rm -rf "$work/DeliveryKit" && mkdir -p "$work/DeliveryKit"  # first on the search path
  # shellcheck disable=SC2086
  swiftc "${flags[@]}" -parse-as-library -emit-module -module-name DeliveryKit \
    -emit-module-path "$work/DeliveryKit/DeliveryKit.swiftmodule" $(printf "$code/%s " $library)
  checked=$((checked + 1))
  for user in $users; do
    swiftc "${flags[@]}" -typecheck "$code/$user"
    checked=$((checked + 1))
  done
done
echo "tutorial code: $checked steps' files type-check"

python3 scripts/check-snippets.py "${require_all[@]}" "${all_modules[@]}"
