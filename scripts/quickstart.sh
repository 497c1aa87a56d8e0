#!/usr/bin/env bash
# Quick start: installs what is missing, builds (release), indexes corpus/ and
# runs a sample search that prints ranked passages.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
index=build/release/corpus-index
build/release/indexer/dossier-index --index "$index" corpus
echo
echo "== quest -d $index 'sanctions' (Xapian's stock search tool on our index)"
quest -d "$index" -m 3 'sanctions' | sed -E 's/^(.{0,400}).*/\1/'
