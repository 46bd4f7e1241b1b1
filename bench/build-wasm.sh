#!/bin/sh
# Rebuilds the prebuilt .wasm kernels beside their sources. Needs clang and wasm-ld (Debian:
# apt-get install clang lld); wasm-objdump (wabt), when present, checks that no module has
# imports. Users and CI never run this: they build the harness from the committed .wasm.
#
#   bench/build-wasm.sh            rebuild everything
#   CLANG=clang-15 bench/build-wasm.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
clang=${CLANG:-clang}

# No libc and no entry point: each module only exports run (and its memory). mem.c supplies
# the memset/memcpy clang may call on its own.
flags="--target=wasm32 -O2 -ffreestanding -nostdlib -Wall -Wextra -Werror
       -Wl,--no-entry -Wl,--export=run -Wl,--strip-debug"

build() { # build OUT.wasm SOURCE [EXTRA FLAGS...]
    out=$1
    src=$2
    shift 2
    # shellcheck disable=SC2086 # flags is a word list on purpose
    "$clang" $flags "$@" -o "$out" "$src" "$here/kernels/mem.c"
    if command -v wasm-objdump >/dev/null 2>&1 &&
        wasm-objdump -j Import -x "$out" 2>/dev/null | grep -q ' <- '; then
        echo "build-wasm.sh: $out imports something; kernels must be self-contained" >&2
        exit 1
    fi
    echo "built $out ($(wc -c <"$out") bytes)"
}

for src in "$here"/kernels/*.c; do
    name=$(basename "$src" .c)
    [ "$name" = mem ] && continue
    build "$here/kernels/$name.wasm" "$src"
done

for src in "$here"/simd/*.c; do
    name=$(basename "$src" .c)
    build "$here/simd/$name.wasm" "$src" -msimd128
done
