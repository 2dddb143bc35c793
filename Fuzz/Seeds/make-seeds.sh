#!/usr/bin/env bash
# Rebuilds the seed corpora of the decoder fuzz targets (Fuzz/Corpus/FuzzDecode*):
#   1. emulator-*: the emulator's real answers, recorded by driving every client (FuzzSeedRecorder);
#   2. doc-*: the documented samples of /work/shared/contracts/SERVICES.md, and truncated and mutated forms of
#      every seed (make-seeds.py).
# Run from anywhere; the output is committed. Old seeds are replaced.
set -euo pipefail
cd "$(dirname "$0")/../.."
for target in FuzzDecodeMASV FuzzDecodeSpacelift FuzzDecodeMassdriver FuzzDecodeMudstack FuzzDecodeMetaKraftwerk; do
    rm -rf "Fuzz/Corpus/$target"
done
swift run --package-path Fuzz/Seeds --scratch-path Fuzz/Seeds/.build-seeds FuzzSeedRecorder
python3 Fuzz/Seeds/make-seeds.py
