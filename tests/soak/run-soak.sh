#!/usr/bin/env bash
# Bounded soak test of dossier-serve (docs/reliability.md#soak-test).
#
#   tests/soak/run-soak.sh [--duration SECONDS] [--build-dir DIR] [--keep-details DIR]
#
# Builds an index in a temporary directory from synthetic articles (soak.py
# corpus) and corpus/, starts dossier-serve on it (127.0.0.1, a free port,
# default threads) and, for SECONDS (default 60), runs at once:
#   - wrk, 64 connections, one bad request in ten (tests/soak/soak.lua,
#     queries.txt): each valid one must get 200, each bad one a 4xx;
#   - 64 idle connections and 4 slow clients (one header byte a second),
#     reopened whenever the server closes them;
#   - a /health probe every 100 ms, on a fresh connection each time;
#   - two commits by dossier-index into the served index, at 1/3 and 2/3;
#   - a sampler of the server's VmRSS.
# Then it checks the pass criteria, prints them with a summary, stops the
# server and removes the temporary directory.
#
# --build-dir: where dossier-index and dossier-serve are built (default
# build/release, relative to the repository root). --keep-details DIR: also
# write every latency, probe and RSS sample to DIR/soak-details.json.
# Needs wrk and python3. Takes SECONDS plus about 10 s.
#
# Exit status: 0 every criterion passed, 1 some criterion failed (printed as
# FAIL), 2 the test could not run (bad arguments, missing tools or binaries,
# index or server did not start).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
duration=60
build_dir=build/release
keep_details=""

usage() { sed -n '4p' "$0" | sed 's/^# *//' >&2; exit 2; }
while (($# > 0)); do
  case "$1" in
    --duration) [[ $# -ge 2 ]] || usage; duration=$2; shift 2 ;;
    --build-dir) [[ $# -ge 2 ]] || usage; build_dir=$2; shift 2 ;;
    --keep-details) [[ $# -ge 2 ]] || usage; keep_details=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "run-soak.sh: unknown argument $1" >&2; usage ;;
  esac
done
# Under 15 s the warm-up (1/6 of the run) and the commits (1/3, 2/3) come too
# close together to say anything.
if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 15)); then
  echo "run-soak.sh: --duration must be a whole number of seconds, at least 15" >&2
  exit 2
fi
[[ "$build_dir" = /* ]] || build_dir="$repo/$build_dir"
index_bin="$build_dir/indexer/dossier-index"
serve_bin="$build_dir/query/dossier-serve"
for tool in wrk python3; do
  command -v "$tool" >/dev/null || { echo "run-soak.sh: $tool is not installed" >&2; exit 2; }
done
for bin in "$index_bin" "$serve_bin"; do
  [[ -x "$bin" ]] || { echo "run-soak.sh: no $bin (build first)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-soak.XXXXXX") || exit 2
server=""
runner=""
cleanup() {
  # The runner first: it stops wrk and its clients before the server goes.
  for pid in $runner $server; do
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
# An interrupted run is a run that could not finish, not a failed criterion.
trap 'exit 2' INT TERM

echo "soak: building the index in $work"
python3 "$here/soak.py" corpus "$work/corpus" || exit 2
if ! "$index_bin" --index "$work/index" --quiet "$work/corpus/base.jsonl" "$repo/corpus"; then
  echo "run-soak.sh: dossier-index failed on the base corpus" >&2
  exit 2
fi

# With its access log (no --quiet): soak.py reads each /health probe's time
# inside the server from it, and any internal error.
"$serve_bin" --index "$work/index" --host 127.0.0.1 --port 0 2>"$work/serve.log" &
server=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  [[ -n "$port" ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
if [[ -z "$port" ]]; then
  echo "run-soak.sh: dossier-serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 2
fi
echo "soak: dossier-serve (pid $server) on 127.0.0.1:$port; ${duration} s of load"

details=()
[[ -n "$keep_details" ]] && details=(--keep-details "$keep_details")
# In the background, so that a signal to this script is handled at once
# (bash runs traps only between commands, and `wait` is interruptible).
python3 "$here/soak.py" run --port "$port" --pid "$server" --index "$work/index" \
  --indexer "$index_bin" --corpus "$work/corpus" --workdir "$work" \
  --server-log "$work/serve.log" --duration "$duration" "${details[@]}" &
runner=$!
wait "$runner"
status=$?
runner=""
if ! kill -0 "$server" 2>/dev/null; then
  wait "$server"
  code=$?
  server=""
  if ((code > 128)); then
    echo "soak: dossier-serve died of signal $((code - 128)) ($(kill -l $((code - 128)))) during the run" >&2
  else
    echo "soak: dossier-serve exited with status $code during the run" >&2
  fi
  grep '^dossier-serve:' "$work/serve.log" | grep -v 'listening on' | tail -5 >&2
  # A sanitizer build's report (--build-dir build/debug), if there is one.
  grep -E -A 40 '^==[0-9]+==ERROR|runtime error:' "$work/serve.log" | head -n 60 >&2
  ((status == 2)) || status=1
fi
exit $status
