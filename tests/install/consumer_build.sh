#!/bin/sh
# consumer_build.sh MODE WORK_DIR WR_SOURCE_DIR CMAKE CC CXX [PREFIX]
# Configures consumer/ with WR_CONSUME=MODE (package: find_package in PREFIX; subdirectory,
# fetchcontent: the source tree WR_SOURCE_DIR), builds it, runs every program it made and
# checks that each linked the library variant its target names.
set -eu
mode=$1 work=$2 source=$3 cmake=$4 cc=$5 cxx=$6 prefix=${7:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
# Debug: the subproject modes compile the whole library, -O0 keeps that short.
"$cmake" -S "$here/consumer" -B "$work" -DCMAKE_BUILD_TYPE=Debug -DWR_CONSUME="$mode" \
    -DWR_SOURCE_DIR="$source" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" >"$work.log" 2>&1 ||
    { cat "$work.log"; exit 1; }
"$cmake" --build "$work" -j 2 >>"$work.log" 2>&1 || { cat "$work.log"; exit 1; }
for program in consumer_static consumer_shared consumer_default consumer_cxx; do
    "$work/$program" | grep -q "add(40, 2) = 42" || { echo "$mode: $program failed"; exit 1; }
done
needs_libwr() { readelf -d "$1" | grep -q 'NEEDED.*libwr\.so'; }
if ! needs_libwr "$work/consumer_shared"; then
    echo "$mode: consumer_shared is not linked to libwr.so"
    exit 1
fi
if needs_libwr "$work/consumer_static"; then
    echo "$mode: consumer_static needs libwr.so"
    exit 1
fi
echo "$mode: 4 consumers built and run"
