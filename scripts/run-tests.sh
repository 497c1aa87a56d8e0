#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: the release build,
# the soak test of dossier-serve (tests/soak, about 70 s), the debug build
# with AddressSanitizer and UBSan, then each libFuzzer target (tests/fuzz)
# for DOSSIER_FUZZ_SECONDS (default 20) after its kept inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
for preset in release debug; do
  echo "== build and test: $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j2
  if [[ "$preset" == release ]]; then
    echo "== soak test: dossier-serve under load for 60 s (docs/reliability.md)" >&2
    tests/soak/run-soak.sh --build-dir build/release
  fi
done
echo "== fuzz: each target ${DOSSIER_FUZZ_SECONDS:-20} s (docs/fuzzing.md)" >&2
scripts/run-fuzzers.sh "${DOSSIER_FUZZ_SECONDS:-20}"
