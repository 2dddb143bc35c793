#!/usr/bin/env bash
# Builds the DocC documentation of every public module and fails on any warning or undocumented public symbol.
#
# 1. Emits symbol graphs with a dedicated scratch path (.build-docs).
# 2. Fails when a public symbol declared in Sources/ has no doc comment.
# 3. Type-checks the code of every step of the MASV tutorial and every Swift snippet of README.md and the DocC
#    catalogs (scripts/check-tutorial-code.sh).
# 4. Converts each catalog in DocC/ with --warnings-as-errors, then merges them into one archive:
#    .build-docs/ScopedAuth.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=.build-docs
graphs="$out/symbol-graphs"
# Symbol graphs are only emitted for modules that compile, so always start clean.
rm -rf "$out"
mkdir -p "$graphs" "$out/archives"

swift build --scratch-path "$out" \
  -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$root/$graphs" \
  -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >/dev/null

python3 - "$graphs" "$root/Sources" <<'PY'
import json, os, sys
graphs, sources = sys.argv[1], sys.argv[2]
missing = []
for name in sorted(os.listdir(graphs)):
    if not name.endswith(".symbols.json") or not name.startswith("ScopedAuth"):
        continue
    with open(os.path.join(graphs, name)) as f:
        graph = json.load(f)
    for symbol in graph.get("symbols", []):
        if symbol.get("accessLevel") not in ("public", "open"):
            continue
        uri = symbol.get("location", {}).get("uri", "")
        if sources not in uri:
            continue  # synthesized or inherited: no declaration of ours
        if not symbol.get("docComment", {}).get("lines"):
            path = ".".join(symbol.get("pathComponents", []))
            missing.append(f"{uri.split(sources + '/')[-1]}:{symbol['location']['position']['line'] + 1}: {path}")
if missing:
    print("public symbols without documentation:")
    print("\n".join(sorted(set(missing))))
    sys.exit(1)
print("every public symbol is documented")
PY

# The tutorial's code files are plain text to DocC: type-check every step against the modules just built.
bin=$(swift build --scratch-path "$out" --show-bin-path)
# README and DocC snippets that import EmulatorServer are checked too when the Examples package is built (CI checks
# them all with --require-all after scripts/test-examples.sh).
if [ -d "$bin/Modules" ]; then modules="$bin/Modules"; else modules="$bin"; fi
scripts/check-tutorial-code.sh "$modules" Examples/.build/debug/Modules

for catalog in DocC/*.docc; do
  module=$(basename "$catalog" .docc)
  moduleGraphs="$out/graphs-$module"
  rm -rf "$moduleGraphs" && mkdir -p "$moduleGraphs"
  cp "$graphs/$module.symbols.json" "$moduleGraphs/"
  cp "$graphs/$module"@*.symbols.json "$moduleGraphs/" 2>/dev/null || true
  echo "docc convert $catalog"
  docc convert "$catalog" \
    --additional-symbol-graph-dir "$moduleGraphs" \
    --fallback-display-name "$module" \
    --fallback-bundle-identifier "dev.scopedauth.$module" \
    --output-path "$out/archives/$module.doccarchive" \
    --warnings-as-errors > "$out/docc-$module.log" 2>&1 || { grep -E "warning|error" "$out/docc-$module.log"; exit 1; }
done

docc merge "$out"/archives/*.doccarchive --output-path "$out/ScopedAuth.doccarchive" >/dev/null
echo "documentation archive: $out/ScopedAuth.doccarchive"
