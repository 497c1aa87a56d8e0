#!/usr/bin/env bash
# Installs the Debian 12 packages Dossier needs that are not installed yet.
# Does nothing when all are there; uses sudo when not run as root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libxapian-dev xapian-tools        # the search engine library and its stock tools
  libcli11-dev nlohmann-json3-dev   # command lines, JSON
  zlib1g-dev                        # .jsonl.gz input
  libzstd-dev                       # stored records compressed with a trained dictionary
  libjemalloc-dev                   # the programs' allocator (see CMakeLists.txt)
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev llvm-14  # the libFuzzer targets (tests/fuzz), llvm-symbolizer for their reports
  libcpp-httplib-dev                # dossier-serve's HTTP server (and the tests' client)
  chromium python3                  # the search page's browser test (tests/browser/)
  wrk                               # the HTTP load benchmark (benchmarks/load/)
  python3-yaml python3-jsonschema   # the API's OpenAPI conformance test (tests/api/)
  libsqlite3-dev xapian-omega       # benchmarks/run: the SQLite FTS5 and omindex peers
  gnuplot-nox time jq               # benchmarks/run: scale plot, peak RSS, dossier-index's JSON summary
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
