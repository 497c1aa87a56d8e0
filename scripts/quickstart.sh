#!/usr/bin/env bash
# Quick start: installs what is missing, builds (release), indexes corpus/ and
# runs a sample search that prints ranked articles with their best passages.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
index=build/release/corpus-index
build/release/indexer/dossier-index --index "$index" corpus
echo
echo "== dossier-search --index $index --limit 3 --facets actor,year 'sanctions OR alliance'"
build/release/query/dossier-search --index "$index" --limit 3 --facets actor,year --facet-limit 5 \
  'sanctions OR alliance'
