#!/bin/sh
# Rebuild the allocation-failure sweep's guest modules; the built .wasm files are kept in the
# tree.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
    wat2wasm --debug-names "$wat" -o "${wat%.wat}.wasm"
done
