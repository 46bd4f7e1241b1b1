#!/bin/sh
# Rebuild the reactor tests' guest modules; the built .wasm files are kept in the tree.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
    wat2wasm "$wat" -o "${wat%.wat}.wasm"
done
clang --target=wasm32 -O2 -ffreestanding -nostdlib -I../../../include \
    -Wall -Wextra -Wl,--no-entry -Wl,--global-base=1024 -o tagged.wasm tagged.c
