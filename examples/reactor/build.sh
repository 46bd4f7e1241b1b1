#!/bin/sh
# Rebuild the demo's guest; guest.wasm is kept in the tree, so building the demo needs only a
# C compiler. Needs clang and wasm-ld (Debian: apt-get install clang lld).
set -eu
cd "$(dirname "$0")"
clang --target=wasm32 -O2 -ffreestanding -nostdlib -I../../include -Wall -Wextra \
    -Wl,--no-entry -o guest.wasm guest.c
