#!/bin/sh
# Rebuild the bindings' test guest (Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32).
# The built plugin.wasm is kept in the tree.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi -mexec-model=reactor -O2 \
    -Wall -Wextra -I../../include -o plugin.wasm plugin.c
