#!/bin/sh
# Rebuilds workload.wasm, the SQLite benchmark's WebAssembly command, from workload.c, main.c,
# vfs.c and the SQLite amalgamation (fetched by scripts/sqlite-amalgamation.sh). Needs clang,
# wasm-ld and wasi-libc (Debian: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
# workload.wasm is committed, so running the benchmark never needs this script.
#
#   bench/sqlite/build-wasm.sh
#   CLANG=clang-15 bench/sqlite/build-wasm.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
clang=${CLANG:-clang}
amalgamation=$("$here/../../scripts/sqlite-amalgamation.sh")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# -O2 as the native build (bench/sqlite/CMakeLists.txt); SQLite's own warnings are not ours.
# The name section stays, so a trap's backtrace names SQLite's functions.
flags="--target=wasm32-wasi -O2 -ffp-contract=off -I$amalgamation"
# shellcheck disable=SC2086 # flags is a word list on purpose
"$clang" $flags -w -c -o "$tmp/sqlite.o" "$here/sqlite.c"
# shellcheck disable=SC2086
"$clang" $flags -Wall -Wextra -Werror -Wl,--strip-debug -o "$here/workload.wasm" \
    "$here/main.c" "$here/workload.c" "$here/vfs.c" "$tmp/sqlite.o"
echo "built $here/workload.wasm ($(wc -c <"$here/workload.wasm") bytes)"
