#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ (the `fuzz` preset: clang, ASan,
# UBSan) and runs each for SECONDS_PER_TARGET seconds (default 30), from its
# seed corpus, after replaying the inputs kept in tests/fuzz/regressions/<target>/.
# Prints per target executions, exec/s, coverage and corpus growth. Exit
# status: 0 all clean, 1 a target crashed, hung, leaked or broke a promise
# (inputs kept in build/fuzz/artifacts/<target>/), 2 it could not build or run.
#
#   scripts/run-fuzzers.sh [SECONDS_PER_TARGET]
#   DOSSIER_FUZZ_CORPUS=DIR scripts/run-fuzzers.sh 600   # keep the grown corpora in DIR
#   DOSSIER_FUZZ_TARGETS="dates jsonl_reader" scripts/run-fuzzers.sh   # some targets only
#
# docs/fuzzing.md says what each target fuzzes and what the figures were.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/run-fuzzers.sh [SECONDS_PER_TARGET]" >&2
    exit 2
}
(($# <= 1)) || usage
seconds=${1:-30}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage

all_targets=(page_cleaner dates jsonl_record jsonl_reader actor_matcher gazetteer_loader search_request)
read -r -a targets <<<"${DOSSIER_FUZZ_TARGETS:-${all_targets[*]}}"
declare -A dictionary=(
    [page_cleaner]=page_cleaner [dates]=dates [jsonl_record]=jsonl [jsonl_reader]=jsonl
    [actor_matcher]=actor_matcher [gazetteer_loader]=gazetteer_loader
    [search_request]=search_request)
for target in "${targets[@]}"; do
    [[ -n ${dictionary[$target]+set} ]] || {
        echo "run-fuzzers.sh: no fuzz target \"$target\" (${all_targets[*]})" >&2
        exit 2
    }
done

started=$SECONDS
work=$(mktemp -d -t dossier-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT

# What scripts/install-deps.sh does not bring: say which package, before a
# CMake error says it less clearly.
for tool in cmake ninja python3; do
    command -v "$tool" >/dev/null || {
        echo "run-fuzzers.sh: $tool not found: run scripts/install-deps.sh" >&2
        exit 2
    }
done
if ! command -v clang++ >/dev/null; then
    echo "run-fuzzers.sh: clang++ not found: install the Debian packages clang and libclang-rt-14-dev" >&2
    exit 2
fi
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n' \
    >"$work/probe.cpp"
if ! clang++ -fsanitize=fuzzer,address,undefined "$work/probe.cpp" -o "$work/probe" 2>"$work/probe.log"; then
    echo "run-fuzzers.sh: clang++ cannot link libFuzzer with ASan and UBSan:" \
        "install the Debian package libclang-rt-14-dev" >&2
    sed 's/^/  /' "$work/probe.log" >&2
    exit 2
fi
# Without it sanitizer reports show addresses instead of file:line.
if ! command -v llvm-symbolizer >/dev/null && [[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
elif ! command -v llvm-symbolizer >/dev/null; then
    echo "run-fuzzers.sh: no llvm-symbolizer (Debian package llvm-14): stack traces will lack file:line" >&2
fi

build_started=$SECONDS
echo "== build: cmake --preset fuzz && cmake --build --preset fuzz" >&2
cmake --preset fuzz >"$work/configure.log" 2>&1 || {
    cat "$work/configure.log" >&2
    exit 2
}
cmake --build --preset fuzz >"$work/build.log" 2>&1 || {
    tail -n 60 "$work/build.log" >&2
    exit 2
}
build_seconds=$((SECONDS - build_started))
echo "   built in ${build_seconds} s" >&2

bin_dir=build/fuzz/tests/fuzz
artifacts=build/fuzz/artifacts
logs=build/fuzz/logs
mkdir -p "$logs"
corpus_root=${DOSSIER_FUZZ_CORPUS:-$work/corpus}
# The search target builds its index under TMPDIR; a crash leaves it behind,
# and it goes with $work then.
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
# UBSan stops at its first report, so libFuzzer keeps the input.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

common_flags=(-timeout=10 -rss_limit_mb=2048)
failed=()
rows=()

stat() {  # stat NAME LOG: a value of libFuzzer's -print_final_stats
    sed -n "s/^stat::$1: *\\([0-9]*\\).*/\\1/p" "$2" | tail -n 1
}
status_line_field() {  # status_line_field NAME LOG: "cov" -> 1234 from the last status line
    grep -E "(NEW|REDUCE|pulse|DONE|INITED|RELOAD) +cov: " "$2" | tail -n 1 |
        sed -n "s/.* $1: \\([0-9]*\\).*/\\1/p"
}

for target in "${targets[@]}"; do
    binary=$bin_dir/fuzz_$target
    log=$logs/$target.log
    result=ok

    # One process per kept input, so that each one's verdict is reported.
    regressions=(tests/fuzz/regressions/"$target"/*)
    replayed=0
    failing=0
    if [[ -e ${regressions[0]} ]]; then
        echo "== $target: replaying ${#regressions[@]} input(s) of tests/fuzz/regressions/$target/" >&2
        : >"$logs/$target.regressions.log"
        for input in "${regressions[@]}"; do
            replayed=$((replayed + 1))
            if ! "$binary" "${common_flags[@]}" "$input" >"$work/replay.log" 2>&1; then
                failing=$((failing + 1))
                echo "   FAILS: $input" >&2
                grep -E "^(==[0-9]+== ?ERROR|==dossier-fuzz==|.*runtime error:|ALARM|terminate called|  what\(\))" \
                    "$work/replay.log" | head -n 3 | sed 's/^/     /' >&2
            fi
            cat "$work/replay.log" >>"$logs/$target.regressions.log"
        done
        ((failing == 0)) || result="REGRESSION"
    fi

    corpus=$corpus_root/$target
    mkdir -p "$corpus" "$artifacts/$target"
    python3 tests/fuzz/make_seed_corpus.py "$target" "$corpus" >/dev/null
    seeds=$(find "$corpus" -type f | wc -l)
    echo "== $target: fuzzing for ${seconds} s from $seeds seed(s)" >&2
    fuzz_status=0
    "$binary" "${common_flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -dict="tests/fuzz/dictionaries/${dictionary[$target]}.dict" \
        -artifact_prefix="$artifacts/$target/" "$corpus" >"$log" 2>&1 || fuzz_status=$?
    if ((fuzz_status != 0)); then
        result=$([[ $result == ok ]] && echo "CRASH" || echo "$result+CRASH")
        echo "   exit status $fuzz_status; the report (all of it in $log):" >&2
        grep -E -A 25 "^(==[0-9]+== ?ERROR|==dossier-fuzz==|.*runtime error:|ALARM|terminate called)" \
            "$log" | head -n 40 | sed 's/^/   /' >&2
        grep -E "^artifact_prefix|Test unit written to" "$log" | sed 's/^/   /' >&2
        # A CI machine keeps no files: print small inputs whole, to be kept
        # from the log (base64 -d).
        for artifact in "$artifacts/$target"/*; do
            [[ -f $artifact ]] && (($(wc -c <"$artifact") <= 4096)) || continue
            echo "   $(basename "$artifact") as base64:" >&2
            base64 -w 100 "$artifact" | sed 's/^/     /' >&2
        done
    fi
    [[ $result == ok ]] || failed+=("$target")
    corpus_after=$(find "$corpus" -type f | wc -l)
    rows+=("$(printf '%-16s %10s %8s %7s %7s %6s %7s %6s %9s  %s' "$target" \
        "$(stat number_of_executed_units "$log")" "$(stat average_exec_per_sec "$log")" \
        "$(status_line_field cov "$log")" "$(status_line_field ft "$log")" "$seeds" \
        "$corpus_after" "+$(stat new_units_added "$log")" "$((replayed - failing))/$replayed" "$result")")
done

echo
printf '%-16s %10s %8s %7s %7s %6s %7s %6s %9s  %s\n' target executions exec/s cov ft seeds \
    corpus new 'replay ok' result
printf '%s\n' "${rows[@]}"
echo
echo "${seconds} s per target; build ${build_seconds} s; whole run $((SECONDS - started)) s; logs in $logs/"
if ((${#failed[@]} > 0)); then
    echo "FAILED: ${failed[*]}: inputs in $artifacts/<target>/; once understood, keep each under tests/fuzz/regressions/<target>/" >&2
    exit 1
fi
