#!/bin/sh
# Run every libFuzzer target for a while: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Each target starts from the committed corpus plus what earlier runs found (kept in
# BUILD_DIR/fuzz-corpus/<target>); crashes, leaks and timeouts land in
# BUILD_DIR/fuzz-artifacts/. Exits non-zero when any target found a problem.
# FUZZ_SEEDS=DIR adds a folder of modules (searched recursively, e.g. the whole spec
# testsuite) to the seeds of the module targets.
set -u
build=$1
seconds=$2
shift 2
targets=${*:-decode run codec wasi_path compile}
src=$(cd "$(dirname "$0")" && pwd)
status=0
mkdir -p "$build/fuzz-artifacts"
for t in $targets; do
    exe="$build/fuzz_$t"
    if [ ! -x "$exe" ]; then
        echo "fuzz: $exe is missing (the fuzz targets need clang)"
        status=1
        continue
    fi
    extra=""
    case $t in
        decode|run)
            seeds="$src/corpus/wasm"
            [ -n "${FUZZ_SEEDS:-}" ] && extra="-max_len=65536 $FUZZ_SEEDS"
            ;;
        *) seeds="$src/corpus/$t" ;;
    esac
    work="$build/fuzz-corpus/$t"
    mkdir -p "$work"
    dict=""
    [ -f "$src/$t.dict" ] && dict="-dict=$src/$t.dict"
    log="$build/fuzz-artifacts/$t.log"
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" $dict \
        "$work" "$seeds" $extra >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    corpus=$(ls "$work" | wc -l)
    if [ $rc -eq 0 ]; then
        echo "fuzz $t: ${runs:-?} runs, ${speed:-?}/s, corpus $corpus files: no findings"
    else
        echo "fuzz $t: FOUND A PROBLEM (exit $rc); see $log and $build/fuzz-artifacts/"
        grep -m5 -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | sed 's/^/    /'
        status=1
    fi
done
exit $status
