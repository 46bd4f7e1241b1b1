#!/bin/sh
# Rebuild the WebAssembly 3.0 feature guests (wabt's wat2wasm); the built .wasm files are
# kept in the tree.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
    wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
done
