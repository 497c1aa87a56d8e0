#!/usr/bin/env bash
# Bounded HTTP load test of dossier-serve: starts it on a free 127.0.0.1 port
# over INDEX, runs wrk for a fixed duration cycling through the requests of
# a file, prints requests/s, latency p50/p99 and the count of non-2xx
# answers, and fails when there is any (every request in the file is valid).
#
#   benchmarks/load/run-load.sh [--serve BIN] [--duration 10s] [--connections 2]
#                               [--server-threads 2] [--queries FILE] INDEX
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
serve="$here/../../build/release/query/dossier-serve"
duration=10s
connections=2  # one per server thread: a keep-alive connection holds its worker
server_threads=2
queries="$here/queries.txt"
while (($# > 1)); do
  case "$1" in
    --serve) serve=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if (($# != 1)); then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
index=$1
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/install-deps.sh)" >&2; exit 2; }

log=$(mktemp)
"$serve" --index "$index" --port 0 --threads "$server_threads" --quiet 2>"$log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
  [[ -n "$port" ]] && break
  sleep 0.05
done
[[ -n "$port" ]] || { echo "dossier-serve did not start:" >&2; cat "$log" >&2; exit 1; }

echo "dossier-serve: $server_threads threads; wrk: 1 thread, $connections connections, $duration," \
     "$(grep -cv '^#' "$queries") request kinds from $(basename "$queries")"
result=$(wrk --threads 1 --connections "$connections" --duration "$duration" --timeout 5s \
             --script "$here/load.lua" "http://127.0.0.1:$port" -- "$queries")
echo "$result" | sed -n '/^requests /,$p'
non_2xx=$(echo "$result" | sed -n 's/^non-2xx *//p')
socket_errors=$(echo "$result" | sed -n 's/^socket errors *//p')
if [[ "$non_2xx" != 0 || "$socket_errors" != 0 ]]; then
  echo "FAILED: $non_2xx non-2xx answers, $socket_errors socket errors" >&2
  exit 1
fi
