#!/bin/sh
# Rebuild the bindings' test guest (Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32); malloc
# and free are exported for the codec's allocated area. The built plugin.wasm is kept in the tree.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi -mexec-model=reactor -O2 \
    -Wall -Wextra -Wl,--export=malloc -Wl,--export=free -I../../include -o plugin.wasm plugin.c
